package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statement {@code brook discover-schema} prints runs as printed: Flink creates the table and a
 * bounded SELECT over it returns the sampled records, every field parsed into its inferred type.
 */
class DiscoverSchemaITCase {
    @TempDir Path root;

    private List<String> runAndSelect(String ddl, String table, String columns) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "1");
        conf.setString("table.local-time-zone", "UTC");
        TableEnvironment tEnv =
                TableEnvironment.create(
                        EnvironmentSettings.newInstance()
                                .inStreamingMode()
                                .withConfiguration(conf)
                                .build());
        tEnv.executeSql(ddl.strip().replaceFirst(";$", ""));
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it =
                tEnv.executeSql(
                                "SELECT "
                                        + columns
                                        + " FROM `"
                                        + table
                                        + "` /*+ OPTIONS('scan.bounded' = 'true') */")
                        .collect()) {
            it.forEachRemaining(r -> rows.add(r.toString()));
        }
        return rows;
    }

    @Test
    void jsonStatementReadsTheSampledRecords() throws Exception {
        Cli cli = new Cli(root);
        cli.ok("create-stream", "--stream-name", "orders", "--shard-count", "1");
        DiscoverSchemaCommandTest.put(
                cli,
                "orders",
                "{\"id\": 1, \"amount\": 19.99, \"placed_at\": \"2024-05-01T10:00:00Z\","
                        + " \"customer\": {\"name\": \"Ann\", \"tags\": [\"vip\"]},"
                        + " \"created\": 1714557600000, \"ok\": true, \"day\": \"2024-05-01\"}",
                "{\"id\": 3000000000, \"amount\": 5.00, \"placed_at\":"
                        + " \"2024-05-01T10:00:02.500Z\", \"customer\": {\"name\": \"Bo\"},"
                        + " \"created\": 1714557602500, \"note\": \"a 'quote'\"}");
        String ddl = cli.run("discover-schema", "--stream-name", "orders").assertOk().out();
        assertThat(ddl)
                .contains("`id` BIGINT")
                .contains("`amount` DECIMAL(10, 2)")
                .contains("`placed_at` TIMESTAMP_LTZ(3)")
                .contains("`customer` ROW<`name` STRING, `tags` ARRAY<STRING>>")
                .contains("`created` BIGINT")
                .contains("WATERMARK FOR `placed_at`")
                .contains("'json.timestamp-format.standard' = 'ISO-8601'");
        assertThat(
                        runAndSelect(
                                ddl,
                                "orders",
                                "id, amount, placed_at, customer, created, ok, `day`, note"))
                .containsExactly(
                        "+I[1, 19.99, 2024-05-01T10:00:00Z, +I[Ann, [vip]], 1714557600000, true,"
                                + " 2024-05-01, null]",
                        "+I[3000000000, 5.00, 2024-05-01T10:00:02.500Z, +I[Bo, null],"
                                + " 1714557602500, null, null, a 'quote']");
    }

    @Test
    void epochMillisGetATimeColumnWithTheWatermark() throws Exception {
        Cli cli = new Cli(root);
        cli.ok("create-stream", "--stream-name", "events", "--shard-count", "2");
        DiscoverSchemaCommandTest.put(
                cli,
                "events",
                "{\"event_ts\": 1714557600000, \"v\": 1.5}",
                "{\"event_ts\": 1714557601000, \"v\": 2.25}");
        String ddl = cli.run("discover-schema", "--stream-name", "events").assertOk().out();
        assertThat(ddl)
                .contains("`event_ts_time` AS TO_TIMESTAMP_LTZ(`event_ts`, 3)")
                .contains("WATERMARK FOR `event_ts_time`")
                .contains("`v` DOUBLE");
        assertThat(runAndSelect(ddl, "events", "event_ts_time, v"))
                .containsExactlyInAnyOrder(
                        "+I[2024-05-01T10:00:00Z, 1.5]", "+I[2024-05-01T10:00:01Z, 2.25]");
    }

    @Test
    void csvStatementReadsTheSampledRecords() throws Exception {
        Cli cli = new Cli(root);
        cli.ok("create-stream", "--stream-name", "logs", "--shard-count", "1");
        DiscoverSchemaCommandTest.put(
                cli,
                "logs",
                "2024-05-01 10:00:01,api,INFO,12,0.5",
                "2024-05-01 10:00:02.125,\"web, edge\",ERROR,-3,1.25",
                "2024-05-01 10:00:03,api,,7,");
        String ddl = cli.run("discover-schema", "--stream-name", "logs").assertOk().out();
        assertThat(ddl)
                .contains("WATERMARK FOR `f0`")
                .contains("'format' = 'csv'")
                .contains("'csv.null-literal' = ''");
        assertThat(runAndSelect(ddl, "logs", "f0, f1, f2, f3, f4, arrival_time IS NOT NULL"))
                .containsExactly(
                        "+I[2024-05-01T10:00:01, api, INFO, 12, 0.5, true]",
                        "+I[2024-05-01T10:00:02.125, web, edge, ERROR, -3, 1.25, true]",
                        "+I[2024-05-01T10:00:03, api, null, 7, null, true]");
    }
}
