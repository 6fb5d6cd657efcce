package dev.brook.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class FirehoseRecordSerializerTest {
    private final FirehoseRecordSerializer serializer = FirehoseRecordSerializer.INSTANCE;

    @Test
    void flinkFindsTheSerializerForTheRecordAndForFailedRecordsField() {
        TypeInformation<FirehoseRecord> type = TypeInformation.of(FirehoseRecord.class);
        assertThat(type).isEqualTo(FirehoseRecordTypeInfo.INSTANCE);
        assertThat(type.createSerializer(new SerializerConfigImpl())).isSameAs(serializer);
        TypeInformation<FailedRecord> failed = TypeInformation.of(FailedRecord.class);
        assertThat(failed).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<FailedRecord> pojo = (PojoTypeInfo<FailedRecord>) failed;
        assertThat(pojo.getTypeAt(pojo.getFieldIndex("record")))
                .isEqualTo(FirehoseRecordTypeInfo.INSTANCE);
    }

    @Test
    void randomRecordsSurviveSerializationAndCopiesAreIndependent() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (int i = 0; i < 500; i++) {
            FirehoseRecord r = random(random);
            out.clear();
            serializer.serialize(r, out);
            FirehoseRecord read =
                    serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(describe(read)).as("seed %s", seed).isEqualTo(describe(r));

            DataOutputSerializer copied = new DataOutputSerializer(256);
            serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
            assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());

            FirehoseRecord copy = serializer.copy(r);
            assertThat(describe(copy)).as("seed %s", seed).isEqualTo(describe(r));
            String before = describe(r);
            if (copy.getData() != null && copy.getData().length > 0) {
                copy.getData()[0]++;
            }
            copy.getPartitionKeys().put("added", "x");
            assertThat(describe(r)).as("the original after changing the copy").isEqualTo(before);
        }
    }

    @Test
    void theSnapshotRestoresTheSameSerializer() throws Exception {
        TypeSerializerSnapshot<FirehoseRecord> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<FirehoseRecord> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        TypeSerializer<FirehoseRecord> restored = read.restoreSerializer();
        assertThat(restored).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<FirehoseRecord> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    private static FirehoseRecord random(Random random) {
        if (random.nextInt(20) == 0) {
            return new FirehoseRecord(); // no id, no data: as Flink creates instances
        }
        byte[] data = new byte[random.nextInt(300)];
        random.nextBytes(data);
        Map<String, String> keys = new LinkedHashMap<>();
        for (int k = random.nextInt(3) == 0 ? random.nextInt(4) : 0; k > 0; k--) {
            keys.put("key" + k + "\u00e9", "v" + random.nextInt(1000) + "\ud83d\ude00");
        }
        return new FirehoseRecord(
                "shardId-000000000001:" + random.nextLong(), random.nextLong(), data, keys);
    }

    private static String describe(FirehoseRecord r) {
        return r.getRecordId()
                + "|"
                + r.getArrivalTimeMillis()
                + "|"
                + (r.getData() == null ? "null" : java.util.Arrays.toString(r.getData()))
                + "|"
                + r.getPartitionKeys();
    }
}
