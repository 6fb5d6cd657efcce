package dev.brook.it;

import static dev.brook.it.ItSupport.await;
import static dev.brook.it.ItSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.sink.BrookSink;
import dev.brook.source.BrookSource;
import dev.brook.store.BrookStore;
import dev.brook.store.TestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unbounded exactly-once Brook → Flink → Brook job with parallelism 2 is stopped with a
 * savepoint and resumed from it with parallelism 3, while a producer keeps writing: the two runs'
 * output together is exactly the input, in per-key order.
 */
class BrookSavepointRescaleITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(3)
                            .build());

    @TempDir Path dir;

    private JobClient start(Configuration conf, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        env.fromSource(
                        BrookSource.<String>builder().root(dir.toString()).stream("in")
                                .shardDiscoveryInterval(Duration.ofMillis(100))
                                .deserializer(new SimpleStringSchema())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "brook-in")
                .uid("brook-in")
                .map(v -> v)
                .uid("identity")
                .sinkTo(
                        BrookSink.<String>builder().root(dir.toString()).stream("out")
                                .serializer(new SimpleStringSchema(), v -> v.split("#")[0])
                                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .build())
                .uid("brook-out");
        return env.executeAsync("savepoint and rescale, parallelism " + parallelism);
    }

    @Test
    void stopWithSavepointAndResumeWithMoreParallelismLosesAndRepeatsNothing() throws Exception {
        long seed = TestSupport.seed();
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("in", 4);
        store.createStream("out", 4);
        Map<String, Integer> seq = new HashMap<>();
        Random rnd = new Random(seed);
        ItSupport.putSequenced(store, "in", rnd, 60, 3_000, seq);
        ItSupport.ProducerThread producer =
                new ItSupport.ProducerThread(store, "in", rnd, 60, 20, seq);
        producer.start();
        try {
            JobClient first = start(new Configuration(), 2);
            ItSupport.awaitRunning(first);
            await(seed, () -> count(store, "out") >= 3_000, () -> "output of the first run");
            String savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    dir.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            long afterFirst = count(store, "out");

            Configuration resume = new Configuration();
            resume.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            JobClient second = start(resume, 3);
            ItSupport.awaitRunning(second);
            await(
                    seed,
                    () -> count(store, "out") >= afterFirst + 1_000,
                    () -> "output of the second run");
            producer.finish();
            long sent = producer.sent() + 3_000;
            await(
                    seed,
                    () -> count(store, "out") >= sent,
                    () -> "out to hold all " + sent + " records, it has " + count(store, "out"));
            ItSupport.cancel(second);
            assertThat(afterFirst).as("first run's output, seed %s", seed).isPositive();
        } finally {
            producer.finish();
        }
        ItSupport.assertExactlyOnceInOrder(
                ItSupport.readAll(store, "out"), seq, seed, store, "in", "out");
    }
}
