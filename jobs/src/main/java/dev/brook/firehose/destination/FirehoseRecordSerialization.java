package dev.brook.firehose.destination;

import dev.brook.firehose.FirehoseRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The binary form of a {@link FirehoseRecord} inside the destination's versioned state. */
final class FirehoseRecordSerialization {
    private FirehoseRecordSerialization() {}

    static void write(FirehoseRecord r, DataOutputView out) throws IOException {
        writeString(r.getRecordId(), out);
        out.writeLong(r.getArrivalTimeMillis());
        out.writeInt(r.getData().length);
        out.write(r.getData());
        Map<String, String> keys = r.getPartitionKeys();
        out.writeInt(keys.size());
        for (Map.Entry<String, String> e : keys.entrySet()) {
            writeString(e.getKey(), out);
            writeString(e.getValue(), out);
        }
    }

    static FirehoseRecord read(DataInputView in) throws IOException {
        String id = readString(in);
        long arrival = in.readLong();
        byte[] data = new byte[in.readInt()];
        in.readFully(data);
        int n = in.readInt();
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            keys.put(readString(in), readString(in));
        }
        return new FirehoseRecord(id, arrival, data, keys);
    }

    // Length-prefixed UTF-8 rather than writeUTF, which stops at 64 KiB.
    private static void writeString(String s, DataOutputView out) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputView in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
