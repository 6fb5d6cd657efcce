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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Brook → Flink → Brook while a TaskManager is killed mid-job and a new one started: with
 * EXACTLY_ONCE the output is exactly the input (and in per-key order), with AT_LEAST_ONCE nothing
 * is lost. Two TaskManagers of one slot each, parallelism 2, so the killed one runs a source
 * reader, a sink writer and a committer.
 */
class BrookTaskManagerFailoverITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    /** TaskManagers are never removed from the MiniCluster's list: the oldest live one is next. */
    private static final AtomicInteger KILLED = new AtomicInteger();

    /** Set by a map subtask that runs after a restart. */
    static final AtomicBoolean RESTARTED = new AtomicBoolean();

    @TempDir Path dir;

    /** Slow in the first attempt, so that the job is surely mid-way when its TaskManager dies. */
    static final class SlowFirstAttempt extends RichMapFunction<String, String> {
        private transient boolean slow;
        private transient long n;

        @Override
        public void open(OpenContext ctx) {
            slow = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
            if (!slow) {
                RESTARTED.set(true);
            }
        }

        @Override
        public String map(String value) throws InterruptedException {
            if (slow && ++n % 2 == 0) {
                Thread.sleep(1);
            }
            return value;
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DeliveryGuarantee.class,
            names = {"EXACTLY_ONCE", "AT_LEAST_ONCE"})
    void outputMatchesInputWhenATaskManagerDies(
            DeliveryGuarantee guarantee, @InjectMiniCluster MiniCluster cluster) throws Exception {
        long seed = TestSupport.seed();
        RESTARTED.set(false);
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("in", 4);
        store.createStream("out", 4);
        Map<String, Integer> seq = new HashMap<>();
        ItSupport.putSequenced(store, "in", new Random(seed), 100, 20_000, seq);

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.fromSource(
                        BrookSource.<String>builder().root(dir.toString()).stream("in")
                                .bounded()
                                .deserializer(new SimpleStringSchema())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "brook-in")
                .map(new SlowFirstAttempt())
                .sinkTo(
                        BrookSink.<String>builder().root(dir.toString()).stream("out")
                                .serializer(new SimpleStringSchema(), v -> v.split("#")[0])
                                .deliveryGuarantee(guarantee)
                                .build());
        JobClient job = env.executeAsync("TaskManager failover " + guarantee);

        // Kill once some output is there (for EXACTLY_ONCE: some checkpoints were committed).
        ItSupport.awaitRunning(job);
        await(
                seed,
                () -> count(store, "out") >= 2_000 || ItSupport.status(job) != JobStatus.RUNNING,
                () -> "first output");
        assertThat(ItSupport.status(job))
                .as("job still running, seed %s", seed)
                .isEqualTo(JobStatus.RUNNING);
        cluster.terminateTaskManager(KILLED.getAndIncrement()).get();
        cluster.startTaskManager();
        job.getJobExecutionResult().get();

        assertThat(RESTARTED).as("the job restarted after the kill, seed %s", seed).isTrue();
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            ItSupport.assertExactlyOnceInOrder(
                    ItSupport.readAll(store, "out"), seq, seed, store, "in", "out");
        } else {
            ItSupport.assertNothingLost(ItSupport.readAll(store, "out"), seq, seed);
        }
    }
}
