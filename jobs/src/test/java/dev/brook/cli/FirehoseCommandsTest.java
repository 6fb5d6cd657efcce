package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brook.client.Consumer;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import dev.brook.store.StartingPosition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirehoseCommandsTest {
    @TempDir Path root;
    @TempDir Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(root);
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void describePrintsTheEffectiveDefinition() throws Exception {
        Path f =
                file(
                        "d.yaml",
                        "DeliveryStreamName: clicks\n"
                                + "KinesisStreamSourceConfiguration: {StreamName: demo-clicks}\n"
                                + "ExtendedS3DestinationConfiguration: {Path: /tmp/out, Prefix: raw/}\n");
        JsonNode d = cli.ok("firehose", "describe", f.toString()).get("DeliveryStreamDescription");
        JsonNode dest = d.get("ExtendedS3DestinationConfiguration");
        assertThat(dest.get("BufferingHints").get("SizeInMBs").asInt()).isEqualTo(5);
        assertThat(dest.get("BufferingHints").get("IntervalInSeconds").asInt()).isEqualTo(300);
        assertThat(d.get("Brook").get("EffectivePrefix").asText())
                .isEqualTo("raw/!{timestamp:yyyy/MM/dd/HH/}");
        assertThat(d.get("Brook").get("CheckpointIntervalSeconds").asInt()).isEqualTo(300);
        assertThat(d.get("Brook").get("SourceStreamName").asText()).isEqualTo("demo-clicks");
    }

    @Test
    void flagsDefineOrOverrideADefinition() throws Exception {
        JsonNode d =
                cli.ok(
                                "firehose",
                                "describe",
                                "--delivery-stream-name",
                                "events",
                                "--direct-put",
                                "--path",
                                "file:///tmp/x",
                                "--compression-format",
                                "GZIP",
                                "--buffer-interval-seconds",
                                "0")
                        .get("DeliveryStreamDescription");
        assertThat(d.get("DeliveryStreamType").asText()).isEqualTo("DirectPut");
        assertThat(d.get("Brook").get("SourceStreamName").asText()).isEqualTo("firehose-events");
        assertThat(d.get("Brook").get("CheckpointIntervalSeconds").asInt()).isEqualTo(1);
    }

    @Test
    void badDefinitionsAreOneLineNamingTheFileFieldAndLimit() throws Exception {
        Path f =
                file(
                        "bad.yaml",
                        "DeliveryStreamName: clicks\n"
                                + "KinesisStreamSourceConfiguration: {StreamName: s}\n"
                                + "ExtendedS3DestinationConfiguration: {Path: /o, BufferingHints: {SizeInMBs: 200}}\n");
        cli.run("firehose", "describe", f.toString())
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("bad.yaml", "SizeInMBs: 200 is out of range: it must be 1 to 128");
        cli.run("firehose", "run", dir.resolve("missing.yaml").toString())
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("no such file");
    }

    @Test
    void putRecordAndBatchGoToTheBackingStreamWithinFirehosesLimits() throws Exception {
        cli.run("firehose", "put-record", "--delivery-stream-name", "events", "--data", "x")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("delivery stream events not found", "firehose-events");
        cli.ok("create-stream", "--stream-name", "firehose-events", "--shard-count", "2");
        JsonNode one =
                cli.ok("firehose", "put-record", "--delivery-stream-name", "events", "--data", "a");
        assertThat(one.get("RecordId").asText()).matches("shardId-\\d{12}:\\d{32}");
        Path batch = file("batch.json", "{\"Data\": \"b\"}\n{\"DataBase64\": \"Yw==\"}\n");
        JsonNode r =
                cli.ok(
                        "firehose",
                        "put-record-batch",
                        "--delivery-stream-name",
                        "events",
                        "--records",
                        batch.toString());
        assertThat(r.get("FailedPutCount").asInt()).isZero();
        assertThat(r.get("RequestResponses")).hasSize(2);
        List<String> stored = new ArrayList<>();
        try (BrookStore store = BrookStore.open(root.toString());
                Consumer consumer =
                        Consumer.builder(store, "firehose-events")
                                .startingPosition(StartingPosition.trimHorizon())
                                .build()) {
            List<Record> records;
            while (!(records = consumer.poll(100, Duration.ofMillis(100))).isEmpty()) {
                records.forEach(rec -> stored.add(text(rec)));
            }
        }
        assertThat(stored).containsExactlyInAnyOrder("a", "b", "c");

        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ",").append("{\"Data\": \"r").append(i).append("\"}");
        }
        cli.runWithStdin(
                        many.append("]").toString(),
                        "firehose",
                        "put-record-batch",
                        "--delivery-stream-name",
                        "events",
                        "--records",
                        "-")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("501 records: the limit is 500 per call");
        String big = "x".repeat(1000 * 1024 + 1);
        cli.run("firehose", "put-record", "--delivery-stream-name", "events", "--data", big)
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("the limit is 1000 KiB");
        StringBuilder heavy = new StringBuilder();
        String chunk = "y".repeat(900 * 1024);
        for (int i = 0; i < 5; i++) {
            heavy.append("{\"Data\": \"").append(chunk).append("\"}\n");
        }
        cli.runWithStdin(
                        heavy.toString(),
                        "firehose",
                        "put-record-batch",
                        "--delivery-stream-name",
                        "events",
                        "--records",
                        "-")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("the limit is 4 MiB");
    }

    private static String text(Record r) {
        return new String(r.data(), StandardCharsets.UTF_8);
    }
}
