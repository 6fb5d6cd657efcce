package dev.brook.sql.functions;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/** A small MiniCluster (2 slots: the machine has 2 cores) and table environments on it. */
public final class ItSupport {
    private ItSupport() {}

    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    /** A streaming environment; no restarts unless {@code configuration} asks for some. */
    public static StreamExecutionEnvironment env(int parallelism, Configuration configuration) {
        Configuration conf = new Configuration(configuration);
        if (!conf.contains(RestartStrategyOptions.RESTART_STRATEGY)) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    public static StreamExecutionEnvironment env(int parallelism) {
        return env(parallelism, new Configuration());
    }

    public static StreamTableEnvironment tableEnv(StreamExecutionEnvironment env) {
        return StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    }

    /** Every row of a (bounded) result. */
    public static List<Row> collect(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
