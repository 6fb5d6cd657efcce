package dev.brook.firehose.destination;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.firehose.FirehoseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.junit.jupiter.api.Test;

class HttpBatchSerializerTest {
    @Test
    void aBatchSurvivesStateWithItsRequestIdAndProgress() throws Exception {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        List<FirehoseRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] data = new byte[rnd.nextInt(200)];
            rnd.nextBytes(data);
            records.add(
                    new FirehoseRecord(
                            "shardId-000000000001:" + i,
                            rnd.nextLong(),
                            data,
                            i % 2 == 0 ? Map.of("customer", "c" + i) : Map.of()));
        }
        HttpBatch batch = HttpBatch.seal(records, 1234L);
        batch.attemptStarted(5000L);
        batch.attemptStarted(6000L);

        HttpBatchSerializer.Entry back =
                SimpleVersionedSerialization.readVersionAndDeSerialize(
                        HttpBatchSerializer.INSTANCE,
                        SimpleVersionedSerialization.writeVersionAndSerialize(
                                HttpBatchSerializer.INSTANCE, HttpBatchSerializer.Entry.of(batch)));
        HttpBatch restored = back.batch();
        assertThat(restored.requestId()).isEqualTo(batch.requestId());
        assertThat(restored.timestampMillis()).isEqualTo(1234L);
        assertThat(restored.firstAttemptMillis()).isEqualTo(5000L);
        assertThat(restored.attempts()).isEqualTo(2);
        assertThat(restored.records()).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            FirehoseRecord a = records.get(i);
            FirehoseRecord b = restored.records().get(i);
            assertThat(b.getRecordId()).as("seed %s", seed).isEqualTo(a.getRecordId());
            assertThat(b.getArrivalTimeMillis()).isEqualTo(a.getArrivalTimeMillis());
            assertThat(b.getData()).isEqualTo(a.getData());
            assertThat(b.getPartitionKeys()).isEqualTo(a.getPartitionKeys());
        }
    }

    @Test
    void theOpenBufferIsStoredWithoutARequestId() throws Exception {
        List<FirehoseRecord> buffered = List.of(new FirehoseRecord("s:1", 1L, "a".getBytes(UTF_8)));
        HttpBatchSerializer.Entry back =
                HttpBatchSerializer.INSTANCE.deserialize(
                        1,
                        HttpBatchSerializer.INSTANCE.serialize(
                                HttpBatchSerializer.Entry.buffer(buffered)));
        assertThat(back.batch()).isNull();
        assertThat(back.buffered()).extracting(FirehoseRecord::getRecordId).containsExactly("s:1");
    }

    @Test
    void theRequestIdDependsOnTheRecordIdsOnly() {
        List<FirehoseRecord> a =
                List.of(
                        new FirehoseRecord("s:1", 1L, "x".getBytes(UTF_8)),
                        new FirehoseRecord("s:2", 2L, "y".getBytes(UTF_8)));
        List<FirehoseRecord> sameIds =
                List.of(
                        new FirehoseRecord("s:1", 9L, "other".getBytes(UTF_8)),
                        new FirehoseRecord("s:2", 9L, "data".getBytes(UTF_8)));
        List<FirehoseRecord> split =
                List.of(new FirehoseRecord("s:1\ns:2", 1L, "x".getBytes(UTF_8)));
        assertThat(HttpBatch.requestId(a)).isEqualTo(HttpBatch.requestId(sameIds));
        assertThat(HttpBatch.requestId(a)).isNotEqualTo(HttpBatch.requestId(a.subList(0, 1)));
        assertThat(HttpBatch.requestId(a)).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab].*");
        assertThat(HttpBatch.requestId(split)).isNotNull();
    }
}
