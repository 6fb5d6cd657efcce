package dev.brook.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.source.BrookDeserializationSchema;
import dev.brook.source.split.BrookShardSplit;
import dev.brook.store.BrookStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A split read to its end stays in the reader's checkpoints until the enumerator surely knows; such
 * a split must keep the boundedness of the read, or a bounded job restoring it refuses its own
 * checkpoint (a failover right after a shard finished used to do exactly that).
 */
class BrookSourceReaderTest {
    private static final String STREAM = "s";
    private static final int RECORDS = 5;

    @TempDir Path dir;

    @Test
    void aFinishedSplitOfABoundedReadIsCheckpointedAsBounded() throws Exception {
        BrookStore store = BrookStore.open(dir.toUri().toString(), new Configuration());
        store.createStream(STREAM, 1);
        String shard = store.metadata(STREAM).shards().get(0).shardId();
        for (int i = 0; i < RECORDS; i++) {
            store.putRecord(STREAM, "k" + i, ("r" + i).getBytes(StandardCharsets.UTF_8));
        }
        BrookDeserializationSchema<String> schema =
                BrookDeserializationSchema.of(new SimpleStringSchema());
        try (BrookSourceReader<String> reader =
                BrookSourceReader.create(
                        store, STREAM, schema, new TestingReaderContext(), 100, 0, false, true)) {
            reader.start();
            reader.addSplits(List.of(BrookShardSplit.at(shard, 0, RECORDS)));
            reader.notifyNoMoreSplits();
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (reader.pollNext(out) != InputStatus.END_OF_INPUT) {
                assertThat(System.nanoTime()).as("the read ends in time").isLessThan(deadline);
                reader.isAvailable().get();
            }
            assertThat(out.getEmittedRecords()).containsExactly("r0", "r1", "r2", "r3", "r4");

            List<BrookShardSplit> state = reader.snapshotState(1);

            assertThat(state).hasSize(1);
            BrookShardSplit finished = state.get(0);
            assertThat(finished.isFinished()).isTrue();
            assertThat(finished.startOffset()).isEqualTo(RECORDS);
            assertThat(finished.stopOffset()).isEqualTo(RECORDS);
            // What a restore of this state into the same bounded read checks first.
            finished.checkBoundedness(true, STREAM);
        }
    }
}
