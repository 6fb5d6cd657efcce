package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brook.store.BrookStore;
import dev.brook.store.HashKey;
import dev.brook.store.HashKeyRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCommandsTest {
    @TempDir Path root;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(root);
        cli.ok("create-stream", "--stream-name", "s", "--shard-count", "4");
    }

    private String put(String key, String data) {
        return cli.ok("put-record", "--stream-name", "s", "--partition-key", key, "--data", data)
                .get("SequenceNumber")
                .asText();
    }

    private JsonNode getRecords(String shardId, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "get-records",
                                "--stream-name",
                                "s",
                                "--shard-id",
                                shardId,
                                "--shard-iterator-type"));
        args.addAll(List.of(more));
        return cli.ok(args.toArray(new String[0]));
    }

    private static String text(JsonNode record) {
        return new String(
                Base64.getDecoder().decode(record.get("Data").asText()), StandardCharsets.UTF_8);
    }

    /** The shard Kinesis would pick for a partition key with 4 even shards. */
    private String shardOf(String key) {
        HashKey h = HashKey.ofPartitionKey(key);
        List<HashKeyRange> ranges = HashKeyRange.even(4);
        for (int i = 0; i < 4; i++) {
            if (ranges.get(i).contains(h)) {
                return String.format("shardId-%012d", i);
            }
        }
        throw new AssertionError();
    }

    @Test
    void putRecordRoutesByMd5OfThePartitionKey() {
        JsonNode r =
                cli.ok(
                        "put-record",
                        "--stream-name",
                        "s",
                        "--partition-key",
                        "user-1",
                        "--data",
                        "hi");
        assertThat(r.get("ShardId").asText()).isEqualTo(shardOf("user-1"));
        assertThat(r.get("SequenceNumber").asText()).hasSize(32).containsOnlyDigits();
        assertThat(r.size()).isEqualTo(2);
    }

    @Test
    void putRecordWithExplicitHashKeyGoesToThatKeysShard() {
        JsonNode low =
                cli.ok(
                        "put-record",
                        "--stream-name",
                        "s",
                        "--partition-key",
                        "k",
                        "--data",
                        "a",
                        "--explicit-hash-key",
                        "0");
        JsonNode high =
                cli.ok(
                        "put-record",
                        "--stream-name",
                        "s",
                        "--partition-key",
                        "k",
                        "--data",
                        "b",
                        "--explicit-hash-key",
                        HashKey.MAX_VALUE.toString());
        assertThat(low.get("ShardId").asText()).isEqualTo("shardId-000000000000");
        assertThat(high.get("ShardId").asText()).isEqualTo("shardId-000000000003");
    }

    @Test
    void putRecordReadsDataFromFiles() throws Exception {
        Path text = Files.writeString(root.resolve("note.txt"), "from a file");
        Path bin = Files.write(root.resolve("blob.bin"), new byte[] {0, (byte) 0xff, 7});
        String shard = shardOf("f");
        cli.ok(
                "put-record",
                "--stream-name",
                "s",
                "--partition-key",
                "f",
                "--data",
                "file://" + text);
        cli.ok(
                "put-record",
                "--stream-name",
                "s",
                "--partition-key",
                "f",
                "--data",
                "fileb://" + bin);
        JsonNode records = getRecords(shard, "TRIM_HORIZON").get("Records");
        assertThat(text(records.get(0))).isEqualTo("from a file");
        assertThat(Base64.getDecoder().decode(records.get(1).get("Data").asText()))
                .containsExactly(0, 0xff, 7);

        cli.run(
                        "put-record",
                        "--stream-name",
                        "s",
                        "--partition-key",
                        "f",
                        "--data",
                        "file:///no/such")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("no such file");
    }

    @Test
    void getRecordsReadsAcrossSegmentsFromEveryPosition() throws Exception {
        String shard = shardOf("k");
        List<String> seqs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            seqs.add(put("k", "r" + i)); // one segment per put
        }

        JsonNode all = getRecords(shard, "TRIM_HORIZON");
        JsonNode records = all.get("Records");
        assertThat(records).hasSize(5);
        for (int i = 0; i < 5; i++) {
            JsonNode rec = records.get(i);
            assertThat(rec.get("SequenceNumber").asText()).isEqualTo(seqs.get(i));
            assertThat(text(rec)).isEqualTo("r" + i);
            assertThat(rec.get("PartitionKey").asText()).isEqualTo("k");
            assertThat(rec.get("ApproximateArrivalTimestamp").isNumber()).isTrue();
        }
        assertThat(all.get("MillisBehindLatest").asLong()).isZero();
        assertThat(all.has("ChildShards")).isFalse();

        assertThat(getRecords(shard, "TRIM_HORIZON", "--limit", "2").get("Records")).hasSize(2);
        JsonNode at =
                getRecords(shard, "AT_SEQUENCE_NUMBER", "--starting-sequence-number", seqs.get(3));
        assertThat(at.get("Records")).hasSize(2);
        assertThat(text(at.get("Records").get(0))).isEqualTo("r3");
        JsonNode after =
                getRecords(
                        shard, "AFTER_SEQUENCE_NUMBER", "--starting-sequence-number", seqs.get(3));
        assertThat(after.get("Records")).hasSize(1);
        assertThat(text(after.get("Records").get(0))).isEqualTo("r4");
        assertThat(getRecords(shard, "LATEST").get("Records")).isEmpty();

        // AT_TIMESTAMP: in the past gets everything, in the future nothing; both formats.
        assertThat(getRecords(shard, "AT_TIMESTAMP", "--timestamp", "1000000000.5").get("Records"))
                .hasSize(5);
        assertThat(
                        getRecords(shard, "at_timestamp", "--timestamp", "2001-09-09T01:46:40Z")
                                .get("Records"))
                .hasSize(5);
        String future = Instant.now().plusSeconds(3600).toString();
        assertThat(getRecords(shard, "AT_TIMESTAMP", "--timestamp", future).get("Records"))
                .isEmpty();
        double firstArrival =
                records.get(0).get("ApproximateArrivalTimestamp").decimalValue().doubleValue();
        assertThat(
                        getRecords(
                                        shard,
                                        "AT_TIMESTAMP",
                                        "--timestamp",
                                        String.valueOf(firstArrival))
                                .get("Records")
                                .get(0)
                                .get("SequenceNumber")
                                .asText())
                .isEqualTo(seqs.get(0));
    }

    @Test
    void getRecordsPrintsArrivalAsEpochSecondsWithMillis() {
        put("k", "x");
        Cli.Result r =
                cli.run(
                                "get-records",
                                "--stream-name",
                                "s",
                                "--shard-id",
                                shardOf("k"),
                                "--shard-iterator-type",
                                "TRIM_HORIZON")
                        .assertOk();
        assertThat(r.out())
                .containsPattern("\"ApproximateArrivalTimestamp\": [0-9]{10}\\.[0-9]{3},");
        assertThat(r.out()).contains("        {\n            \"SequenceNumber\": ");
    }

    @Test
    void getRecordsNeedsTheFlagsItsIteratorTypeUses() {
        String[] base = {"get-records", "--stream-name", "s", "--shard-id", "shardId-000000000000"};
        runWith(base, "--shard-iterator-type", "AT_SEQUENCE_NUMBER")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("needs --starting-sequence-number");
        runWith(base, "--shard-iterator-type", "AFTER_SEQUENCE_NUMBER")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("needs --starting-sequence-number");
        runWith(base, "--shard-iterator-type", "AT_TIMESTAMP")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("needs --timestamp");
        runWith(base, "--shard-iterator-type", "AT_TIMESTAMP", "--timestamp", "yesterday")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("invalid timestamp 'yesterday'", "ISO-8601");
        runWith(base, "--shard-iterator-type", "TRIM_HORIZON", "--timestamp", "1")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--timestamp goes only with AT_TIMESTAMP");
        runWith(base, "--shard-iterator-type", "SOMEWHERE")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--shard-iterator-type", "SOMEWHERE");
        runWith(base, "--shard-iterator-type", "TRIM_HORIZON", "--limit", "0")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--limit must be 1 to 10000");
        runWith(
                        base,
                        "--shard-iterator-type",
                        "AT_SEQUENCE_NUMBER",
                        "--starting-sequence-number",
                        "12x")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("InvalidArgumentException", "invalid sequence number");
        runWith(
                        new String[] {
                            "get-records",
                            "--stream-name",
                            "s",
                            "--shard-id",
                            "shardId-000000000009"
                        },
                        "--shard-iterator-type",
                        "TRIM_HORIZON")
                .assertOneLineError(BrookCli.EXIT_STORE_ERROR)
                .errContains("ResourceNotFoundException", "shardId-000000000009");
    }

    private Cli.Result runWith(String[] base, String... more) {
        List<String> args = new ArrayList<>(List.of(base));
        args.addAll(List.of(more));
        return cli.run(args.toArray(new String[0]));
    }

    @Test
    void putRecordsReportsEachRecordInOrder() throws Exception {
        Path file =
                Files.writeString(
                        root.resolve("records.jsonl"),
                        "{\"PartitionKey\": \"a\", \"Data\": \"one\"}\n"
                                + "\n"
                                + "{\"PartitionKey\": \"\", \"Data\": \"bad key\"}\n"
                                + "{\"PartitionKey\": \"b\", \"Data\": \"two\", \"ExplicitHashKey\":"
                                + " \"0\"}\n"
                                + "{\"PartitionKey\": \"c\", \"DataBase64\": \"AAEC\"}\n");
        Cli.Result r =
                cli.run("put-records", "--stream-name", "s", "--records", file.toString())
                        .assertOk();
        assertThat(r.out()).startsWith("{\n    \"FailedRecordCount\": 1,\n    \"Records\": [\n");
        JsonNode out = r.json();
        assertThat(out.get("FailedRecordCount").asInt()).isEqualTo(1);
        JsonNode recs = out.get("Records");
        assertThat(recs).hasSize(4);
        assertThat(recs.get(0).get("ShardId").asText()).isEqualTo(shardOf("a"));
        assertThat(recs.get(0).get("SequenceNumber").asText()).hasSize(32);
        assertThat(recs.get(1).get("ErrorCode").asText()).isEqualTo("InvalidArgumentException");
        assertThat(recs.get(1).get("ErrorMessage").asText()).contains("partition key");
        assertThat(recs.get(1).has("SequenceNumber")).isFalse();
        assertThat(recs.get(2).get("ShardId").asText()).isEqualTo("shardId-000000000000");
        assertThat(r.err()).contains("1 of 4 records failed");

        JsonNode c =
                getRecords(
                                shardOf("c"),
                                "AT_SEQUENCE_NUMBER",
                                "--starting-sequence-number",
                                recs.get(3).get("SequenceNumber").asText())
                        .get("Records");
        assertThat(c.get(0).get("Data").asText()).isEqualTo("AAEC");
    }

    @Test
    void putRecordsReadsStdin() {
        Cli.Result r =
                cli.runWithStdin(
                                "{\"PartitionKey\":\"x\",\"Data\":\"1\"}\n{\"PartitionKey\":\"y\",\"Data\":\"2\"}\n",
                                "put-records",
                                "--stream-name",
                                "s",
                                "--records",
                                "-")
                        .assertOk();
        assertThat(r.json().get("FailedRecordCount").asInt()).isZero();
        assertThat(r.json().get("Records")).hasSize(2);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void putRecordsStopsAtAMalformedLineNamingIt() {
        String input =
                "{\"PartitionKey\":\"k\",\"Data\":\"first\"}\n"
                        + "{\"PartitionKey\":\"k\",\"Data\":\"second\"}\n"
                        + "{\"PartitionKey\":\"k\",\"Data\":\"oops\"\n"
                        + "{\"PartitionKey\":\"k\",\"Data\":\"never\"}\n";
        Cli.Result r =
                cli.runWithStdin(input, "put-records", "--stream-name", "s", "--records", "-")
                        .assertOneLineError(BrookCli.EXIT_USAGE)
                        .errContains(
                                "line 3 of stdin",
                                "not valid JSON",
                                "the 2 records before it were put");
        // What was put is still reported on stdout.
        assertThat(r.json().get("Records")).hasSize(2);
        JsonNode records = getRecords(shardOf("k"), "TRIM_HORIZON").get("Records");
        assertThat(records).hasSize(2);
        assertThat(text(records.get(1))).isEqualTo("second");
    }

    @Test
    void putRecordsRejectsLinesThatAreNotRecords() {
        String[][] cases = {
            {"[1, 2]", "expected a JSON object"},
            {"{\"Data\":\"x\"}", "missing \"PartitionKey\""},
            {"{\"PartitionKey\":\"k\"}", "missing \"Data\""},
            {"{\"PartitionKey\":5,\"Data\":\"x\"}", "PartitionKey must be a string"},
            {"{\"PartitionKey\":\"k\",\"Data\":\"x\",\"Colour\":1}", "unknown field \"Colour\""},
            {"{\"PartitionKey\":\"k\",\"Data\":\"x\"} trailing", "not valid JSON"},
            {"{\"PartitionKey\":\"k\",\"DataBase64\":\"***\"}", "not valid base64"},
        };
        for (String[] c : cases) {
            cli.runWithStdin(c[0] + "\n", "put-records", "--stream-name", "s", "--records", "-")
                    .assertOneLineError(BrookCli.EXIT_USAGE)
                    .errContains("line 1 of stdin", c[1]);
        }
        cli.run("put-records", "--stream-name", "s", "--records", root.resolve("nope").toString())
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("cannot read the file", "no such file");
    }

    @Test
    void putRecordsStreamsLargeInputsAndReportsProgress() {
        int n = 250_000;
        StringBuilder in = new StringBuilder(n * 40);
        for (int i = 0; i < n; i++) {
            in.append("{\"PartitionKey\":\"k")
                    .append(i % 1000)
                    .append("\",\"Data\":\"")
                    .append(i)
                    .append("\"}\n");
        }
        Cli.Result r =
                cli.runWithStdin(
                                in.toString(),
                                "put-records",
                                "--stream-name",
                                "s",
                                "--records",
                                "-")
                        .assertOk();
        List<String> progress = r.err().lines().toList();
        assertThat(progress).hasSize(3);
        assertThat(progress.get(0)).matches("put-records: 100000 records, [0-9.]+ MB/s");
        assertThat(progress.get(1)).matches("put-records: 200000 records, [0-9.]+ MB/s");
        assertThat(progress.get(2)).startsWith("put-records: done: 250000 records in ");

        JsonNode out = r.json();
        assertThat(out.get("FailedRecordCount").asInt()).isZero();
        assertThat(out.get("Records")).hasSize(n);
        // Streamed: the count comes after the records.
        assertThat(r.out()).startsWith("{\n    \"Records\": [\n");
        assertThat(r.out()).endsWith("    ],\n    \"FailedRecordCount\": 0\n}\n");

        long total = 0;
        for (int s = 0; s < 4; s++) {
            String shard = String.format("shardId-%012d", s);
            String next = null;
            while (true) {
                JsonNode page =
                        next == null
                                ? getRecords(shard, "TRIM_HORIZON")
                                : getRecords(
                                        shard,
                                        "AFTER_SEQUENCE_NUMBER",
                                        "--starting-sequence-number",
                                        next);
                JsonNode recs = page.get("Records");
                if (recs.isEmpty()) {
                    break;
                }
                total += recs.size();
                next = recs.get(recs.size() - 1).get("SequenceNumber").asText();
            }
        }
        assertThat(total).isEqualTo(n);
    }

    @Test
    void tailFollowsTheStreamAcrossResharding() throws Exception {
        put("a", "one");
        put("b", "two");
        cli.ok(
                "split-shard",
                "--stream-name",
                "s",
                "--shard-to-split",
                shardOf("c"),
                "--new-starting-hash-key",
                HashKey.ofPartitionKey("c").toString());
        put("c", "three");
        try (BrookStore store = BrookStore.open(root.toString())) {
            store.putRecord("s", "d", new byte[] {(byte) 0xc3, 0x28}); // not UTF-8
        }

        Cli.Result r =
                cli.run(
                                "tail",
                                "--stream-name",
                                "s",
                                "--from",
                                "TRIM_HORIZON",
                                "--max-records",
                                "4",
                                "--timeout-seconds",
                                "30")
                        .assertOk();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            lines.add(Cli.JSON.readTree(line));
        }
        assertThat(lines).hasSize(4);
        assertThat(r.out().lines()).allMatch(l -> l.startsWith("{\"ShardId\":") && l.endsWith("}"));
        assertThat(lines)
                .extracting(l -> l.get("PartitionKey").asText())
                .containsExactlyInAnyOrder("a", "b", "c", "d");
        for (JsonNode l : lines) {
            assertThat(l.get("ShardId").asText()).startsWith("shardId-");
            assertThat(l.get("SequenceNumber").asText()).hasSize(32);
            assertThat(l.get("ApproximateArrivalTimestamp").isNumber()).isTrue();
            if (l.get("PartitionKey").asText().equals("d")) {
                assertThat(l.has("Data")).isFalse();
                assertThat(Base64.getDecoder().decode(l.get("DataBase64").asText()))
                        .containsExactly(0xc3, 0x28);
            } else {
                assertThat(l.get("Data").asText()).isIn("one", "two", "three");
            }
        }
        JsonNode three =
                lines.stream()
                        .filter(l -> l.get("PartitionKey").asText().equals("c"))
                        .findFirst()
                        .get();
        assertThat(three.get("ShardId").asText())
                .isIn("shardId-000000000004", "shardId-000000000005");

        // Its output is put-records input.
        cli.ok("create-stream", "--stream-name", "copy", "--shard-count", "1");
        Cli.Result copied =
                cli.runWithStdin(r.out(), "put-records", "--stream-name", "copy", "--records", "-")
                        .assertOk();
        assertThat(copied.json().get("FailedRecordCount").asInt()).isZero();
        assertThat(copied.json().get("Records")).hasSize(4);
    }

    @Test
    void tailFromLatestPrintsNothingOldAndStopsAtTheTimeout() {
        put("a", "old");
        long start = System.nanoTime();
        Cli.Result r = cli.run("tail", "--stream-name", "s", "--timeout-seconds", "0.5").assertOk();
        assertThat(r.out()).isEmpty();
        assertThat((System.nanoTime() - start) / 1e9).isBetween(0.4, 20.0);
        cli.run("tail", "--stream-name", "s", "--from", "AT_TIMESTAMP")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("needs --timestamp");
        cli.run("tail", "--stream-name", "s", "--max-records", "0")
                .assertOneLineError(BrookCli.EXIT_USAGE)
                .errContains("--max-records must be at least 1");
    }

    @Test
    void tailSeesRecordsPutWhileItRuns() throws Exception {
        Thread producer =
                new Thread(
                        () -> {
                            try (BrookStore store = BrookStore.open(root.toString())) {
                                for (int i = 0; i < 5; i++) {
                                    Thread.sleep(200);
                                    store.putRecord(
                                            "s",
                                            "k" + i,
                                            ("live" + i).getBytes(StandardCharsets.UTF_8));
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
        producer.start();
        Cli.Result r =
                cli.run(
                                "tail",
                                "--stream-name",
                                "s",
                                "--from",
                                "TRIM_HORIZON",
                                "--max-records",
                                "5",
                                "--timeout-seconds",
                                "60")
                        .assertOk();
        producer.join();
        assertThat(r.out().lines()).hasSize(5).allMatch(l -> l.contains("\"Data\":\"live"));
    }
}
