package dev.brook.it;

import static dev.brook.it.ItSupport.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.source.BrookSource;
import dev.brook.store.BrookStore;
import dev.brook.store.BrookStoreOptions;
import dev.brook.store.ConsumerRegistry;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.RetentionEnforcer;
import dev.brook.store.ShardMetadata;
import dev.brook.store.StreamSettings;
import dev.brook.store.TestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint-based retention: a job registered as consumer {@code job1} stalls before processing
 * anything; time retention (1 s) then deletes nothing of its stream, while the same job's
 * unregistered stream loses everything. Once the job has read and checkpointed past the data, the
 * registration's positions say so and retention deletes it.
 */
class BrookConsumerRetentionITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final AtomicBoolean STALLED = new AtomicBoolean();
    static volatile CountDownLatch release = new CountDownLatch(1);

    @TempDir Path dir;

    /** Blocks every record until the test releases it. */
    static final class Gate implements MapFunction<String, String> {
        @Override
        public String map(String value) throws InterruptedException {
            STALLED.set(true);
            release.await();
            return value;
        }
    }

    @Test
    void aRegisteredJobKeepsWhatItHasNotCheckpointedPast() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        STALLED.set(false);
        release = new CountDownLatch(1);
        Configuration storeConf = new Configuration();
        storeConf.set(BrookStoreOptions.CLEANUP_MIN_AGE, Duration.ZERO);
        BrookStore store = BrookStore.open(dir.toString(), storeConf);
        StreamSettings oneSecond =
                StreamSettings.defaults(storeConf).withRetention(Duration.ofSeconds(1));
        store.createStream("kept", 2, oneSecond);
        store.createStream("lost", 2, oneSecond);
        int total = 0;
        for (int b = 0; b < 4; b++) {
            List<PutRecordsEntry> batch = new ArrayList<>();
            int n = 20 + rnd.nextInt(30);
            for (int i = 0; i < n; i++) {
                batch.add(
                        new PutRecordsEntry(
                                "k" + rnd.nextInt(50), ("r" + b + "." + i).getBytes(UTF_8)));
            }
            ItSupport.put(store, "kept", batch);
            ItSupport.put(store, "lost", batch);
            total += n;
        }
        long written = System.currentTimeMillis();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(100);
        DataStream<String> kept =
                env.fromSource(
                        BrookSource.<String>builder().root(dir.toString()).stream("kept")
                                .consumerName("job1")
                                .storeConfig(storeConf)
                                .deserializer(new SimpleStringSchema())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "kept");
        DataStream<String> lost =
                env.fromSource(
                        BrookSource.<String>builder().root(dir.toString()).stream("lost")
                                .storeConfig(storeConf)
                                .deserializer(new SimpleStringSchema())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "lost");
        kept.union(lost).map(new Gate()).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("consumer retention");
        try {
            await(
                    seed,
                    () -> store.consumers().get("kept", "job1") != null,
                    () -> "the job to register as consumer job1");
            await(seed, STALLED::get, () -> "the job to read a record and stall");
            // Past the retention period: time retention alone would delete every segment.
            while (System.currentTimeMillis() < written + 1_100) {
                Thread.sleep(20);
            }

            RetentionEnforcer.Report stalled = store.enforceRetention("kept");
            assertThat(stalled.recordsDeleted())
                    .as(
                            "deleted while job1 had checkpointed %s, seed %s",
                            store.consumers().get("kept", "job1").positions(), seed)
                    .isZero();
            for (ShardMetadata s : store.metadata("kept").shards()) {
                assertThat(store.trimHorizon("kept", s.shardId()))
                        .as("trim horizon of %s, seed %s", s.shardId(), seed)
                        .isZero();
            }
            RetentionEnforcer.Report control = store.enforceRetention("lost");
            assertThat(control.recordsDeleted())
                    .as("deleted from the stream without a registration, seed %s", seed)
                    .isEqualTo(total);

            release.countDown();
            Map<String, Long> ends = ends(store, "kept");
            await(
                    seed,
                    () -> ends.equals(registration(store).positions()),
                    () ->
                            "job1's checkpointed positions "
                                    + registration(store).positions()
                                    + " to reach the ends "
                                    + ends);
            RetentionEnforcer.Report after = store.enforceRetention("kept");
            assertThat(after.recordsDeleted())
                    .as("deleted once job1 checkpointed past everything, seed %s", seed)
                    .isEqualTo(total);
            assertThat(ends(store, "kept")).as("ends stay, seed %s", seed).isEqualTo(ends);
            for (ShardMetadata s : store.metadata("kept").shards()) {
                assertThat(store.trimHorizon("kept", s.shardId()))
                        .as("trim horizon of %s, seed %s", s.shardId(), seed)
                        .isEqualTo(ends.get(s.shardId()));
            }
        } finally {
            release.countDown();
            ItSupport.cancel(job);
        }
    }

    private static ConsumerRegistry.Registration registration(BrookStore store) {
        return store.consumers().get("kept", "job1");
    }

    private static Map<String, Long> ends(BrookStore store, String stream) {
        Map<String, Long> ends = new HashMap<>();
        for (ShardMetadata s : store.metadata(stream).shards()) {
            try {
                ends.put(s.shardId(), store.shardLog(stream, s.shardId()).endOffset());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ends;
    }
}
