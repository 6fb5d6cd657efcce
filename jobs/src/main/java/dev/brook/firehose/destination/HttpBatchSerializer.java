package dev.brook.firehose.destination;

import dev.brook.firehose.FirehoseRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The HTTP delivery operator's state: one entry per in-flight batch (with its request id, so a
 * restore resends the same request) and one for the records still buffering (no request id yet).
 */
final class HttpBatchSerializer implements SimpleVersionedSerializer<HttpBatchSerializer.Entry> {
    static final HttpBatchSerializer INSTANCE = new HttpBatchSerializer();
    private static final int VERSION = 1;

    /** A sealed batch, or (batch == null) the records of the open buffer. */
    record Entry(HttpBatch batch, List<FirehoseRecord> buffered) {
        static Entry of(HttpBatch batch) {
            return new Entry(batch, batch.records());
        }

        static Entry buffer(List<FirehoseRecord> records) {
            return new Entry(null, records);
        }
    }

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(Entry entry) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        HttpBatch b = entry.batch();
        out.writeBoolean(b != null);
        if (b != null) {
            out.writeUTF(b.requestId());
            out.writeLong(b.timestampMillis());
            out.writeLong(b.firstAttemptMillis());
            out.writeInt(b.attempts());
        }
        out.writeInt(entry.buffered().size());
        for (FirehoseRecord r : entry.buffered()) {
            FirehoseRecordSerialization.write(r, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public Entry deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "HTTP endpoint delivery state has version "
                            + version
                            + ", this Brook reads version "
                            + VERSION);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        boolean sealed = in.readBoolean();
        String requestId = null;
        long timestamp = 0;
        long firstAttempt = 0;
        int attempts = 0;
        if (sealed) {
            requestId = in.readUTF();
            timestamp = in.readLong();
            firstAttempt = in.readLong();
            attempts = in.readInt();
        }
        int n = in.readInt();
        List<FirehoseRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(FirehoseRecordSerialization.read(in));
        }
        return sealed
                ? Entry.of(new HttpBatch(records, requestId, timestamp, firstAttempt, attempts))
                : Entry.buffer(records);
    }
}
