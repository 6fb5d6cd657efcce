package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.store.BrookStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brook discover-schema}: options, output and one-line errors. */
class DiscoverSchemaCommandTest {
    @TempDir Path root;

    private String storeRoot() {
        try (BrookStore store = BrookStore.open(root.toString())) {
            return store.root().toString();
        }
    }

    /** Puts one record per line of {@code data} with {@code put-records}. */
    static void put(Cli cli, String stream, String... data) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < data.length; i++) {
            lines.append(
                    Cli.JSON
                            .createObjectNode()
                            .put("PartitionKey", "k" + i)
                            .put("Data", data[i])
                            .toString());
            lines.append('\n');
        }
        cli.runWithStdin(lines.toString(), "put-records", "--stream-name", stream, "--records", "-")
                .assertOk();
    }

    @Test
    void printsACreateTableForJsonRecords() {
        Cli cli = new Cli(root);
        cli.ok("create-stream", "--stream-name", "clicks", "--shard-count", "2");
        put(
                cli,
                "clicks",
                "{\"user\": \"u1\", \"page\": \"/home\", \"ts\": \"2024-05-01 10:00:05\"}",
                "{\"user\": \"u2\", \"page\": \"/cart\", \"ts\": \"2024-05-01 10:00:09.250\","
                        + " \"qty\": 2}");
        Cli.Result r = cli.run("discover-schema", "--stream-name", "clicks").assertOk();
        assertThat(r.out())
                .isEqualTo(
                        "CREATE TABLE `clicks` (\n"
                                + "  `user` STRING,\n"
                                + "  `page` STRING,\n"
                                + "  `ts` TIMESTAMP(3),\n"
                                + "  `qty` INT,\n"
                                + "  `arrival_time` TIMESTAMP_LTZ(3) METADATA FROM"
                                + " 'arrival_time' VIRTUAL,\n"
                                + "  WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND\n"
                                + ") WITH (\n"
                                + "  'connector' = 'brook',\n"
                                + "  'root' = '"
                                + storeRoot()
                                + "',\n"
                                + "  'stream' = 'clicks',\n"
                                + "  'format' = 'json'\n"
                                + ");\n");
        assertThat(r.err())
                .isEqualTo(
                        "discover-schema: sampled 2 record(s) of clicks as json; 4 field(s);"
                                + " watermark on ts\n");
    }

    @Test
    void csvIsDetectedOrForcedAndTheLimitBoundsTheSample() {
        Cli cli = new Cli(root);
        cli.ok("create-stream", "--stream-name", "logs", "--shard-count", "1");
        put(cli, "logs", "2024-05-01 10:00:01,api,INFO", "2024-05-01 10:00:02,api,12");
        assertThat(cli.run("discover-schema", "--stream-name", "logs").assertOk().out())
                .contains("  `f0` TIMESTAMP(3),\n  `f1` STRING,\n  `f2` STRING,\n")
                .contains("WATERMARK FOR `f0`")
                .contains("'format' = 'csv'");
        // Only the first record: f2 is INFO; --table-name renames the table.
        assertThat(
                        cli.run(
                                        "discover-schema",
                                        "--stream-name",
                                        "logs",
                                        "--limit",
                                        "1",
                                        "--format",
                                        "CSV",
                                        "--table-name",
                                        "app_logs")
                                .assertOk())
                .satisfies(
                        r -> {
                            assertThat(r.out()).startsWith("CREATE TABLE `app_logs` (");
                            assertThat(r.err()).contains("sampled 1 record(s)");
                        });
        // Two records, the second a number: f2 widens to STRING, not INT.
        assertThat(cli.run("discover-schema", "--stream-name", "logs", "--limit", "2").out())
                .contains("`f2` STRING");
    }

    @Test
    void latestSamplesOnlyNewRecordsAndWaitsForThem() throws Exception {
        Cli cli = new Cli(root);
        cli.ok("create-stream", "--stream-name", "s", "--shard-count", "1");
        put(cli, "s", "{\"old\": 1}");
        Thread late =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(500);
                            } catch (InterruptedException e) {
                                return;
                            }
                            put(cli, "s", "{\"new\": true}");
                        });
        late.start();
        Cli.Result r =
                cli.run(
                                "discover-schema",
                                "--stream-name",
                                "s",
                                "--shard-iterator-type",
                                "LATEST",
                                "--limit",
                                "1",
                                "--timeout-seconds",
                                "30")
                        .assertOk();
        late.join();
        assertThat(r.out()).contains("`new` BOOLEAN").doesNotContain("`old`");
    }

    @Test
    void mistakesAreOneLineErrors() {
        Cli cli = new Cli(root);
        cli.run("discover-schema", "--stream-name", "nope")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("ResourceNotFoundException", "nope");
        cli.ok("create-stream", "--stream-name", "empty", "--shard-count", "1");
        cli.run("discover-schema", "--stream-name", "empty")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains(
                        "UnableToDetectSchemaException: no records to sample in stream empty from"
                                + " TRIM_HORIZON");
        cli.run("discover-schema", "--stream-name", "empty", "--limit", "0")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--limit must be 1 to 10000, got 0");
        cli.run("discover-schema", "--stream-name", "empty", "--format", "avro")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--format: unknown format 'avro': use json or csv");
        cli.run("discover-schema", "--stream-name", "empty", "--timestamp", "2024-01-01")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--timestamp goes only with --shard-iterator-type AT_TIMESTAMP");
        cli.run("discover-schema")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("Missing required option: '--stream-name=NAME'");
        put(cli, "empty", "{\"a\": 1}", "plain text");
        cli.run("discover-schema", "--stream-name", "empty", "--format", "json")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("record 2 of the sample is not a JSON object: 'plain text'");
    }

    @Test
    void helpDescribesTheCommand() {
        Cli.Result r = new Cli(root).run("discover-schema", "--help").assertOk();
        assertThat(r.out())
                .contains("Usage: brook discover-schema")
                .contains("--stream-name=NAME")
                .contains("--shard-iterator-type=TYPE")
                .contains("--format=FORMAT");
        assertThat(new Cli(root).run("--help").out()).contains("discover-schema");
    }
}
