package dev.brook.source.split;

import dev.brook.store.StartingPosition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned serializer of {@link BrookShardSplit}. */
public final class BrookShardSplitSerializer implements SimpleVersionedSerializer<BrookShardSplit> {
    public static final BrookShardSplitSerializer INSTANCE = new BrookShardSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(BrookShardSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    @Override
    public BrookShardSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown Brook split version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    /** Writes a split into a larger structure (the enumerator's state). */
    public static void write(BrookShardSplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.shardId());
        out.writeLong(split.startOffset());
        StartingPosition p = split.startingPosition();
        out.writeBoolean(p != null);
        if (p != null) {
            out.writeUTF(p.type().name());
            out.writeBoolean(p.sequenceNumber() != null);
            if (p.sequenceNumber() != null) {
                out.writeUTF(p.sequenceNumber());
            }
            out.writeLong(p.timestampMillis());
        }
        out.writeLong(split.stopOffset());
        out.writeBoolean(split.isFinished());
    }

    public static BrookShardSplit read(DataInputStream in) throws IOException {
        String shardId = in.readUTF();
        long start = in.readLong();
        StartingPosition p = null;
        if (in.readBoolean()) {
            StartingPosition.Type type = StartingPosition.Type.valueOf(in.readUTF());
            String seq = in.readBoolean() ? in.readUTF() : null;
            p = new StartingPosition(type, seq, in.readLong());
        }
        long stop = in.readLong();
        boolean finished = in.readBoolean();
        return new BrookShardSplit(shardId, start, p, stop, finished);
    }
}
