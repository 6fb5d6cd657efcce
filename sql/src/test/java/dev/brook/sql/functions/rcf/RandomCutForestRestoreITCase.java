package dev.brook.sql.functions.rcf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.sql.functions.BrookFunctions;
import dev.brook.sql.functions.ItSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RANDOM_CUT_FOREST's forests are Flink state: a job that fails mid-stream restores them from the
 * last checkpoint and keeps scoring without warming up again.
 */
class RandomCutForestRestoreITCase {
    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = ItSupport.miniCluster();

    private static final int KEYS = 2;
    private static final int ROWS_PER_KEY = 800;
    private static final int WARM_UP = 256;

    /** The failure comes once a checkpoint holding at least this many rows has completed. */
    private static final long FAIL_AFTER_CHECKPOINTED_ROWS = 600;

    /** Rows in the completed checkpoint the failure came after (-1 until it came). */
    static final AtomicLong CHECKPOINTED_AT_FAILURE = new AtomicLong(-1);

    /** Rows seen when the failure came. */
    static final AtomicLong SEEN_AT_FAILURE = new AtomicLong(-1);

    @Test
    void aFailureMidStreamRestoresTheForestsAndScoringGoesOnWithoutWarmingUpAgain()
            throws Exception {
        long seed = new Random().nextLong();
        SyntheticSeries series = new SyntheticSeries(seed, KEYS, ROWS_PER_KEY, WARM_UP, 8);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        // A snapshot of each forest every 150 rows: the restored state is snapshot + rows after it.
        conf.set(
                PipelineOptions.GLOBAL_JOB_PARAMETERS,
                Map.of(RandomCutForestFunction.SNAPSHOT_INTERVAL_PARAMETER, "150"));
        StreamExecutionEnvironment env = ItSupport.env(2, conf);
        env.enableCheckpointing(100);
        // Barriers overtake the rows queued before the (CPU-bound) forests, so checkpoints
        // complete mid-stream even on a loaded machine.
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        StreamTableEnvironment tEnv = ItSupport.tableEnv(env);
        BrookFunctions.registerAll(tEnv);

        List<Row> rows = series.rows;
        GeneratorFunction<Long, Row> generator = i -> rows.get(i.intValue());
        DataStream<Row> readings =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        generator,
                                        rows.size(),
                                        RateLimiterStrategy.perSecond(500),
                                        SyntheticSeries.TYPE),
                                WatermarkStrategy.noWatermarks(),
                                "readings")
                        .setParallelism(1)
                        .map(new FailOnceAfterCheckpoint())
                        .returns(SyntheticSeries.TYPE)
                        .setParallelism(1);
        tEnv.createTemporaryView("readings", tEnv.fromDataStream(readings));
        CHECKPOINTED_AT_FAILURE.set(-1);
        SEEN_AT_FAILURE.set(-1);

        List<Row> out =
                ItSupport.collect(
                        tEnv.executeSql(
                                "SELECT k, ts, ANOMALY_SCORE FROM RANDOM_CUT_FOREST("
                                        + "input => TABLE readings PARTITION BY k,"
                                        + " numberOfTrees => 50)"));

        long checkpointed = CHECKPOINTED_AT_FAILURE.get();
        System.out.printf(
                "failed after %d rows, restored a checkpoint of %d rows (seed %d)%n",
                SEEN_AT_FAILURE.get(), checkpointed, seed);
        assertThat(checkpointed).as("the failure came, seed %s", seed).isPositive();
        // Exactly once: every row scored once, none lost, none twice.
        Map<String, Double> scores = new HashMap<>();
        for (Row row : out) {
            assertThat(scores.put(SyntheticSeries.id(row), (Double) row.getField(2)))
                    .as("scored twice: %s, seed %s", row, seed)
                    .isNull();
        }
        assertThat(scores).as("seed %s", seed).hasSize(KEYS * ROWS_PER_KEY);
        // Restored forests, not new ones: a new forest scores 0 for its first 256 rows, and the
        // replayed rows after the checkpoint (and all rows after the failure) are past that.
        List<String> zerosAfterWarmUp = new ArrayList<>();
        for (Row row : out) {
            int index = SyntheticSeries.index(row);
            double score = (Double) row.getField(2);
            if (index < WARM_UP) {
                assertThat(score).as("seed %s, %s", seed, row).isZero();
            } else if (score == 0) {
                zerosAfterWarmUp.add(SyntheticSeries.id(row));
            }
        }
        assertThat(zerosAfterWarmUp).as("seed %s", seed).isEmpty();
        // And the restored forests still find the spikes after the failure.
        Map<String, Double> afterFailure = new HashMap<>();
        Set<String> anomaliesAfterFailure = new TreeSet<>();
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            int index = Integer.parseInt(e.getKey().substring(e.getKey().indexOf('#') + 1));
            if (index * KEYS >= checkpointed) {
                afterFailure.put(e.getKey(), e.getValue());
                if (series.anomalies.contains(e.getKey())) {
                    anomaliesAfterFailure.add(e.getKey());
                }
            }
        }
        assertThat(anomaliesAfterFailure).as("seed %s", seed).isNotEmpty();
        assertThat(RandomCutForestITCase.precisionAtK(afterFailure, anomaliesAfterFailure))
                .as("precision@k after the failure, seed %s", seed)
                .isGreaterThanOrEqualTo(0.9);
    }

    /**
     * Passes rows through and fails once, on the first attempt, after a checkpoint that holds at
     * least {@link #FAIL_AFTER_CHECKPOINTED_ROWS} rows has completed. Its count of rows is state,
     * so after the restore it counts on from the checkpoint.
     */
    static final class FailOnceAfterCheckpoint
            implements MapFunction<Row, Row>, CheckpointedFunction, CheckpointListener {
        private final Map<Long, Long> rowsAtCheckpoint = new ConcurrentHashMap<>();
        private transient ListState<Long> countState;
        private long count;
        private volatile long completed = -1;

        @Override
        public Row map(Row row) {
            count++;
            if (completed >= FAIL_AFTER_CHECKPOINTED_ROWS
                    && CHECKPOINTED_AT_FAILURE.compareAndSet(-1, completed)) {
                SEEN_AT_FAILURE.set(count);
                throw new RuntimeException("injected failure after " + count + " rows");
            }
            return row;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            rowsAtCheckpoint.put(context.getCheckpointId(), count);
            countState.update(List.of(count));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            countState =
                    context.getOperatorStateStore()
                            .getListState(new ListStateDescriptor<>("count", Long.class));
            for (Long c : countState.get()) {
                count = c;
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            Long rows = rowsAtCheckpoint.get(checkpointId);
            if (rows != null) {
                completed = rows;
            }
        }
    }
}
