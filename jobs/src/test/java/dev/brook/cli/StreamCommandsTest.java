package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brook.store.HashKey;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamCommandsTest {
    @TempDir Path root;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(root);
    }

    @Test
    void createStreamPrintsNothingAndDescribeStreamShowsIt() {
        Cli.Result created =
                cli.run("create-stream", "--stream-name", "clicks", "--shard-count", "4");
        created.assertOk();
        assertThat(created.out()).isEmpty();
        assertThat(created.err()).isEmpty();

        JsonNode d = cli.ok("describe-stream", "--stream-name", "clicks").get("StreamDescription");
        assertThat(d.get("StreamName").asText()).isEqualTo("clicks");
        assertThat(d.get("StreamARN").asText())
                .isEqualTo("arn:brook:kinesis:local:000000000000:stream/clicks");
        assertThat(d.get("StreamStatus").asText()).isEqualTo("ACTIVE");
        assertThat(d.get("HasMoreShards").asBoolean()).isFalse();
        assertThat(d.get("RetentionPeriodHours").asLong()).isEqualTo(24);
        assertThat(d.get("MaxRecordSizeBytes").asInt()).isEqualTo(1024 * 1024);
        assertThat(d.get("StreamCreationTimestamp").isNumber()).isTrue();
        assertThat(d.get("StreamCreationTimestamp").asDouble() * 1000)
                .isCloseTo(
                        System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000.0));

        JsonNode shards = d.get("Shards");
        assertThat(shards).hasSize(4);
        for (int i = 0; i < 4; i++) {
            JsonNode s = shards.get(i);
            assertThat(s.get("ShardId").asText()).isEqualTo(String.format("shardId-%012d", i));
            assertThat(s.has("ParentShardId")).isFalse();
            assertThat(s.get("SequenceNumberRange").get("StartingSequenceNumber").asText())
                    .hasSize(32);
            assertThat(s.get("SequenceNumberRange").has("EndingSequenceNumber")).isFalse();
        }
        assertThat(shards.get(0).get("HashKeyRange").get("StartingHashKey").asText())
                .isEqualTo("0");
        assertThat(shards.get(3).get("HashKeyRange").get("EndingHashKey").asText())
                .isEqualTo(HashKey.MAX_VALUE.toString());
    }

    @Test
    void createStreamTakesRetentionAndRecordSize() {
        cli.ok(
                "create-stream",
                "--stream-name",
                "s",
                "--shard-count",
                "1",
                "--retention-period-hours",
                "48",
                "--max-record-size-bytes",
                "100");
        JsonNode d = cli.ok("describe-stream", "--stream-name", "s").get("StreamDescription");
        assertThat(d.get("RetentionPeriodHours").asLong()).isEqualTo(48);
        assertThat(d.get("MaxRecordSizeBytes").asInt()).isEqualTo(100);
    }

    @Test
    void createStreamTwiceIsResourceInUse() {
        cli.ok("create-stream", "--stream-name", "s", "--shard-count", "1");
        cli.run("create-stream", "--stream-name", "s", "--shard-count", "1")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("ResourceInUseException", "already exists");
    }

    @Test
    void listStreamsIsSortedAndPrettyPrintedLikeTheAwsCli() {
        Cli.Result empty = cli.run("list-streams").assertOk();
        assertThat(empty.out())
                .isEqualTo("{\n    \"StreamNames\": [],\n    \"HasMoreStreams\": false\n}\n");

        cli.ok("create-stream", "--stream-name", "zeta", "--shard-count", "1");
        cli.ok("create-stream", "--stream-name", "alpha", "--shard-count", "1");
        Cli.Result r = cli.run("list-streams").assertOk();
        assertThat(r.out())
                .isEqualTo(
                        "{\n"
                                + "    \"StreamNames\": [\n"
                                + "        \"alpha\",\n"
                                + "        \"zeta\"\n"
                                + "    ],\n"
                                + "    \"HasMoreStreams\": false\n"
                                + "}\n");
    }

    @Test
    void deleteStreamRemovesIt() {
        cli.ok("create-stream", "--stream-name", "gone", "--shard-count", "2");
        Cli.Result r = cli.run("delete-stream", "--stream-name", "gone").assertOk();
        assertThat(r.out()).isEmpty();
        assertThat(cli.ok("list-streams").get("StreamNames")).isEmpty();
        cli.run("describe-stream", "--stream-name", "gone")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("ResourceNotFoundException", "stream gone not found");
    }

    @Test
    void describeStreamSummaryCountsOpenShardsAndConsumers() {
        cli.ok("create-stream", "--stream-name", "s", "--shard-count", "3");
        cli.ok("register-stream-consumer", "--stream-name", "s", "--consumer-name", "job");
        JsonNode s =
                cli.ok("describe-stream-summary", "--stream-name", "s")
                        .get("StreamDescriptionSummary");
        assertThat(s.get("StreamName").asText()).isEqualTo("s");
        assertThat(s.get("StreamARN").asText()).endsWith(":stream/s");
        assertThat(s.get("StreamStatus").asText()).isEqualTo("ACTIVE");
        assertThat(s.get("RetentionPeriodHours").asLong()).isEqualTo(24);
        assertThat(s.get("OpenShardCount").asInt()).isEqualTo(3);
        assertThat(s.get("ConsumerCount").asInt()).isEqualTo(1);
        assertThat(s.has("Shards")).isFalse();
    }

    @Test
    void listShardsListsEveryShard() {
        cli.ok("create-stream", "--stream-name", "s", "--shard-count", "2");
        JsonNode shards = cli.ok("list-shards", "--stream-name", "s").get("Shards");
        assertThat(shards).hasSize(2);
        assertThat(shards.get(1).get("ShardId").asText()).isEqualTo("shardId-000000000001");
        assertThat(shards.get(1).get("HashKeyRange").get("StartingHashKey").asText())
                .isEqualTo(
                        HashKey.MAX_VALUE.add(java.math.BigInteger.ONE).shiftRight(1).toString());
    }

    @Test
    void retentionPeriodGoesUpAndDownAsKinesisAllows() {
        cli.ok("create-stream", "--stream-name", "s", "--shard-count", "1");
        Cli.Result up =
                cli.run(
                                "increase-stream-retention-period",
                                "--stream-name",
                                "s",
                                "--retention-period-hours",
                                "72")
                        .assertOk();
        assertThat(up.out()).isEmpty();
        assertThat(retentionHours("s")).isEqualTo(72);

        cli.run(
                        "decrease-stream-retention-period",
                        "--stream-name",
                        "s",
                        "--retention-period-hours",
                        "100")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("InvalidArgumentException", "longer than the current 72 hours");
        cli.run(
                        "increase-stream-retention-period",
                        "--stream-name",
                        "s",
                        "--retention-period-hours",
                        "10")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("shorter than the current 72 hours");

        cli.ok(
                "decrease-stream-retention-period",
                "--stream-name",
                "s",
                "--retention-period-hours",
                "12");
        assertThat(retentionHours("s")).isEqualTo(12);

        cli.run(
                        "decrease-stream-retention-period",
                        "--stream-name",
                        "s",
                        "--retention-period-hours",
                        "0")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("at least 1");
    }

    private long retentionHours(String stream) {
        return cli.ok("describe-stream-summary", "--stream-name", stream)
                .get("StreamDescriptionSummary")
                .get("RetentionPeriodHours")
                .asLong();
    }

    @Test
    void enforceRetentionAndCompactSayWhatTheyDid() {
        cli.ok("create-stream", "--stream-name", "s", "--shard-count", "2");
        cli.ok("put-record", "--stream-name", "s", "--partition-key", "k", "--data", "x");

        JsonNode r = cli.ok("enforce-retention", "--stream-name", "s");
        assertThat(r.get("StreamName").asText()).isEqualTo("s");
        assertThat(r.get("SegmentsDeleted").asInt()).isZero(); // nothing is older than 24 h
        assertThat(r.get("RecordsDeleted").asLong()).isZero();
        assertThat(r.get("ShardsSkippedLocked").asInt()).isZero();

        JsonNode c = cli.ok("compact", "--stream-name", "s");
        assertThat(c.get("StreamName").asText()).isEqualTo("s");
        assertThat(c.get("SegmentsMerged").asInt()).isZero(); // too few, too young segments
        assertThat(c.get("SegmentsWritten").asInt()).isZero();
    }

    @Test
    void rootComesFromTheOptionElseBrookRootElseBrookData() throws Exception {
        BrookCli noEnv = new BrookCli(Map.of(), new ByteArrayInputStream(new byte[0]));
        assertThat(noEnv.root()).isEqualTo("brook-data");
        BrookCli withEnv =
                new BrookCli(
                        Map.of("BROOK_ROOT", "/data/x"), new ByteArrayInputStream(new byte[0]));
        assertThat(withEnv.root()).isEqualTo("/data/x");

        Path fromEnv = Files.createDirectories(root.resolve("env-root"));
        Cli envCli = new Cli(root.resolve("unused")).env("BROOK_ROOT", fromEnv.toString());
        envCli.runRaw(
                        new ByteArrayInputStream(new byte[0]),
                        "create-stream",
                        "--stream-name",
                        "e",
                        "--shard-count",
                        "1")
                .assertOk();
        assertThat(fromEnv.resolve("e")).isDirectory();

        // --root wins over BROOK_ROOT, before or after the command name.
        Path explicit = root.resolve("explicit");
        envCli.runRaw(
                        new ByteArrayInputStream(new byte[0]),
                        "create-stream",
                        "--root",
                        explicit.toString(),
                        "--stream-name",
                        "x",
                        "--shard-count",
                        "1")
                .assertOk();
        assertThat(explicit.resolve("x")).isDirectory();
        assertThat(fromEnv.resolve("x")).doesNotExist();
    }

    @Test
    void versionAndHelpOnEveryCommand() {
        Cli.Result v = cli.runRaw(new ByteArrayInputStream(new byte[0]), "--version").assertOk();
        assertThat(v.out()).startsWith("brook ").contains("Flink", "Java");

        Cli.Result top = cli.runRaw(new ByteArrayInputStream(new byte[0]), "--help").assertOk();
        assertThat(top.out()).contains("Usage: brook", "--root", "create-stream", "tail");

        List<String> names =
                new ArrayList<>(new CommandLine(new BrookCli()).getSubcommands().keySet());
        names.remove("help");
        assertThat(names).hasSizeGreaterThanOrEqualTo(20);
        for (String name : names) {
            Cli.Result h = cli.runRaw(new ByteArrayInputStream(new byte[0]), name, "--help");
            h.assertOk();
            assertThat(h.out()).as(name).contains("Usage: brook " + name, "--help", "--root");
        }
    }

    @Test
    void noCommandIsAUsageError() {
        cli.runRaw(new ByteArrayInputStream(new byte[0]))
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("no command given");
    }
}
