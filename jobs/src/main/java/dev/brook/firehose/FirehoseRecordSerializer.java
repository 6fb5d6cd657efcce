package dev.brook.firehose;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink's serializer of {@link FirehoseRecord}. Without object reuse (Flink's default) every
 * chained operator of a delivery stream receives a copy of each record; this serializer copies with
 * the record's constructor (new data array, new partition-key map) rather than reflectively field
 * by field as the POJO serializer does, which cost more per record than the rest of a GZIP
 * delivery's own work.
 *
 * <p>Format, version 1: a byte of flags (which of record id, data, partition keys are present), the
 * arrival time, the record id, the data (length and bytes), the partition keys (count, then key and
 * value per entry).
 */
public final class FirehoseRecordSerializer extends TypeSerializer<FirehoseRecord> {
    private static final long serialVersionUID = 1L;

    public static final FirehoseRecordSerializer INSTANCE = new FirehoseRecordSerializer();

    private static final int HAS_ID = 1;
    private static final int HAS_DATA = 2;
    private static final int HAS_KEYS = 4;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<FirehoseRecord> duplicate() {
        return this; // stateless
    }

    @Override
    public FirehoseRecord createInstance() {
        return new FirehoseRecord();
    }

    @Override
    public FirehoseRecord copy(FirehoseRecord from) {
        FirehoseRecord to = new FirehoseRecord();
        to.setRecordId(from.getRecordId());
        to.setArrivalTimeMillis(from.getArrivalTimeMillis());
        byte[] data = from.getData();
        to.setData(data == null ? null : data.clone());
        Map<String, String> keys = from.getPartitionKeys();
        if (!keys.isEmpty()) {
            to.setPartitionKeys(new LinkedHashMap<>(keys));
        }
        return to;
    }

    @Override
    public FirehoseRecord copy(FirehoseRecord from, FirehoseRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FirehoseRecord r, DataOutputView out) throws IOException {
        String id = r.getRecordId();
        byte[] data = r.getData();
        Map<String, String> keys = r.getPartitionKeys();
        out.writeByte(
                (id != null ? HAS_ID : 0)
                        | (data != null ? HAS_DATA : 0)
                        | (!keys.isEmpty() ? HAS_KEYS : 0));
        out.writeLong(r.getArrivalTimeMillis());
        if (id != null) {
            StringValue.writeString(id, out);
        }
        if (data != null) {
            out.writeInt(data.length);
            out.write(data);
        }
        if (!keys.isEmpty()) {
            out.writeInt(keys.size());
            for (Map.Entry<String, String> e : keys.entrySet()) {
                StringValue.writeString(e.getKey(), out);
                StringValue.writeString(e.getValue(), out);
            }
        }
    }

    @Override
    public FirehoseRecord deserialize(DataInputView in) throws IOException {
        int flags = in.readByte();
        FirehoseRecord r = new FirehoseRecord();
        r.setArrivalTimeMillis(in.readLong());
        if ((flags & HAS_ID) != 0) {
            r.setRecordId(StringValue.readString(in));
        }
        if ((flags & HAS_DATA) != 0) {
            byte[] data = new byte[in.readInt()];
            in.readFully(data);
            r.setData(data);
        }
        if ((flags & HAS_KEYS) != 0) {
            int n = in.readInt();
            Map<String, String> keys = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                keys.put(StringValue.readString(in), StringValue.readString(in));
            }
            r.setPartitionKeys(keys);
        }
        return r;
    }

    @Override
    public FirehoseRecord deserialize(FirehoseRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FirehoseRecordSerializer;
    }

    @Override
    public int hashCode() {
        return FirehoseRecordSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<FirehoseRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot restores the one instance. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FirehoseRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
