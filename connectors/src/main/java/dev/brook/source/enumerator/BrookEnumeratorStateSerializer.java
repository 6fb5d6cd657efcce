package dev.brook.source.enumerator;

import dev.brook.source.split.BrookShardSplit;
import dev.brook.source.split.BrookShardSplitSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned serializer of {@link BrookEnumeratorState}. */
public final class BrookEnumeratorStateSerializer
        implements SimpleVersionedSerializer<BrookEnumeratorState> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(BrookEnumeratorState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeStrings(out, state.assigned());
            writeStrings(out, state.finished());
            out.writeInt(state.unassigned().size());
            for (BrookShardSplit s : state.unassigned()) {
                BrookShardSplitSerializer.write(s, out);
            }
            writeOffsets(out, state.pinnedStarts());
            writeOffsets(out, state.stopOffsets());
            out.writeBoolean(state.initialized());
        }
        return bytes.toByteArray();
    }

    @Override
    public BrookEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown Brook enumerator state version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            Set<String> assigned = readStrings(in);
            Set<String> finished = readStrings(in);
            int n = in.readInt();
            List<BrookShardSplit> unassigned = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                unassigned.add(BrookShardSplitSerializer.read(in));
            }
            Map<String, Long> pinned = readOffsets(in);
            Map<String, Long> stops = readOffsets(in);
            return new BrookEnumeratorState(
                    assigned, finished, unassigned, pinned, stops, in.readBoolean());
        }
    }

    private static void writeStrings(DataOutputStream out, Set<String> set) throws IOException {
        out.writeInt(set.size());
        for (String s : set) {
            out.writeUTF(s);
        }
    }

    private static Set<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        Set<String> set = new HashSet<>();
        for (int i = 0; i < n; i++) {
            set.add(in.readUTF());
        }
        return set;
    }

    private static void writeOffsets(DataOutputStream out, Map<String, Long> map)
            throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, Long> e : map.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static Map<String, Long> readOffsets(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, Long> map = new HashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(in.readUTF(), in.readLong());
        }
        return map;
    }
}
