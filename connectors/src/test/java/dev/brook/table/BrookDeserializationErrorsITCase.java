package dev.brook.table;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.it.ItSupport;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.PutRecordsResult;
import dev.brook.store.Record;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code 'scan.deserialization-errors'} on a MiniCluster, over a stream of good JSON rows mixed at
 * random (seeded, printed) with records the JSON format cannot decode: {@code fail} fails naming
 * the record, {@code skip} reads exactly the good rows, {@code route} reads exactly the good rows
 * and writes exactly the bad records, with their raw bytes, reasons and keys, to the error stream,
 * which reads back as a JSON table; also across a task failure with checkpointing.
 */
class BrookDeserializationErrorsITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final String[] MALFORMED = {
        "{\"id\": 1, \"name\": ", "not json", "{\"id\": \"abc\", \"name\": \"x\"}", "\u00ff\u00fe{"
    };

    @TempDir Path dir;
    private final List<Row> good = new ArrayList<>();
    private final List<Record> bad = new ArrayList<>();

    /** 300 good rows and 40 malformed records, interleaved at random over two shards. */
    @BeforeEach
    void fillStream() {
        long seed = System.nanoTime();
        System.out.println("BrookDeserializationErrorsITCase seed " + seed);
        Random rnd = new Random(seed);
        List<PutRecordsEntry> entries = new ArrayList<>();
        List<Boolean> isBad = new ArrayList<>();
        int goodLeft = 300;
        int badLeft = 40;
        while (goodLeft + badLeft > 0) {
            String key = "k" + rnd.nextInt(20);
            if (rnd.nextInt(goodLeft + badLeft) < badLeft) {
                String data = MALFORMED[rnd.nextInt(MALFORMED.length)] + rnd.nextInt(1000);
                entries.add(new PutRecordsEntry(key, data.getBytes(UTF_8)));
                isBad.add(true);
                badLeft--;
            } else {
                long id = good.size();
                String name = "n" + rnd.nextInt(1000);
                good.add(Row.of(id, name));
                entries.add(
                        new PutRecordsEntry(
                                key,
                                ("{\"id\":" + id + ",\"name\":\"" + name + "\"}").getBytes(UTF_8)));
                isBad.add(false);
                goodLeft--;
            }
        }
        try (BrookStore store = BrookStore.open(dir.toString())) {
            store.createStream("events", 2);
            store.createStream("events-errors", 3);
            for (int from = 0; from < entries.size(); from += 100) {
                List<PutRecordsEntry> batch =
                        entries.subList(from, Math.min(entries.size(), from + 100));
                PutRecordsResult r = ItSupport.put(store, "events", batch);
                for (int i = 0; i < batch.size(); i++) {
                    if (isBad.get(from + i)) {
                        String seq = r.records().get(i).sequenceNumber();
                        bad.add(
                                ItSupport.readAll(store, "events").stream()
                                        .filter(rec -> rec.sequenceNumber().toString().equals(seq))
                                        .findFirst()
                                        .orElseThrow());
                    }
                }
            }
        }
    }

    private TableEnvironment events(String... options) {
        TableEnvironment t = BrookTableITCase.tableEnv(false);
        t.executeSql(
                "CREATE TABLE events (id BIGINT, name STRING) WITH ('connector' = 'brook', 'root'"
                        + " = '"
                        + dir
                        + "', 'stream' = 'events', 'format' = 'json', 'scan.bounded' = 'true'"
                        + (options.length == 0 ? "" : ", " + String.join(", ", options))
                        + ")");
        return t;
    }

    @Test
    void failNamesTheRecordAndTheFormatsReason() {
        TableEnvironment t = events();
        assertThatThrownBy(() -> BrookTableITCase.collect(t, "SELECT * FROM events"))
                .satisfies(
                        e -> {
                            String messages = BrookTableFactoryTest.messages(e);
                            assertThat(messages)
                                    .contains("format 'json' could not deserialize record ")
                                    .contains("'scan.deserialization-errors' = 'skip' or 'route'");
                            assertThat(bad)
                                    .anySatisfy(
                                            r ->
                                                    assertThat(messages)
                                                            .contains(
                                                                    DeserializationErrorRecord
                                                                                    .where(
                                                                                            "events",
                                                                                            r)
                                                                            + " (partition key '"
                                                                            + r.partitionKey()
                                                                            + "'"));
                        });
    }

    @Test
    void skipReadsExactlyTheGoodRows() throws Exception {
        TableEnvironment t = events("'scan.deserialization-errors' = 'skip'");
        assertThat(BrookTableITCase.collect(t, "SELECT * FROM events"))
                .containsExactlyInAnyOrderElementsOf(good);
    }

    /**
     * Exactly the good rows in the table and exactly the bad records in the error stream, with and
     * without checkpointing (staged and published at checkpoints, or published at once).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void routeWritesExactlyTheBadRecordsToTheErrorStream(boolean checkpointing) throws Exception {
        TableEnvironment t = routing();
        if (checkpointing) {
            t.getConfig().set("execution.checkpointing.interval", "100 ms");
        }
        assertThat(BrookTableITCase.collect(t, "SELECT * FROM events"))
                .containsExactlyInAnyOrderElementsOf(good);
        assertErrorStreamHoldsExactlyTheBadRecords(t);
    }

    /**
     * A task fails once while the query runs with checkpointing: after the restart the table still
     * yields every good row exactly once and the error stream every bad record exactly once.
     */
    @Test
    void routeIsExactlyOnceAcrossAFailure() throws Exception {
        TableEnvironment t = routing();
        t.getConfig().set("execution.checkpointing.interval", "50 ms");
        t.getConfig().set("restart-strategy.type", "fixed-delay");
        t.getConfig().set("restart-strategy.fixed-delay.attempts", "3");
        t.getConfig().set("restart-strategy.fixed-delay.delay", "10 ms");
        FailOnce.FAILED.set(0);
        t.createTemporarySystemFunction("fail_once", FailOnce.class);
        // An exactly-once sink, so the good rows are checked exactly once too.
        t.executeSql(
                "CREATE TABLE copy (id BIGINT, name STRING) WITH ('connector' = 'brook', 'root'"
                        + " = '"
                        + dir
                        + "', 'stream' = 'copy', 'format' = 'json', 'sink.partition-key' = 'id',"
                        + " 'sink.delivery-guarantee' = 'exactly-once', 'scan.bounded' = 'true')");
        try (BrookStore store = BrookStore.open(dir.toString())) {
            store.createStream("copy", 2);
        }
        t.executeSql(
                        "INSERT INTO copy SELECT fail_once(id, "
                                + (good.size() * 2 / 3)
                                + "), name FROM events")
                .await();
        assertThat(FailOnce.FAILED.get()).as("the injected failure happened").isEqualTo(1);
        assertThat(BrookTableITCase.collect(t, "SELECT * FROM copy"))
                .containsExactlyInAnyOrderElementsOf(good);
        assertErrorStreamHoldsExactlyTheBadRecords(t);
    }

    private TableEnvironment routing() {
        return events(
                "'scan.deserialization-errors' = 'route'",
                "'scan.deserialization-errors.stream' = 'events-errors'");
    }

    private void assertErrorStreamHoldsExactlyTheBadRecords(TableEnvironment t) throws Exception {
        t.executeSql(
                "CREATE TABLE errors (stream_name STRING, shard_id STRING, sequence_number STRING,"
                        + " partition_key STRING, arrival_time TIMESTAMP_LTZ(3), error STRING,"
                        + " raw_data BYTES, key_written STRING METADATA FROM 'partition_key'"
                        + " VIRTUAL) WITH ('connector' = 'brook', 'root' = '"
                        + dir
                        + "', 'stream' = 'events-errors', 'format' = 'json', 'scan.bounded' ="
                        + " 'true')");
        List<String> actual = new ArrayList<>();
        for (Row r : BrookTableITCase.collect(t, "SELECT * FROM errors")) {
            assertThat((String) r.getField("error"))
                    .as("reason of %s", r)
                    .isNotBlank()
                    .doesNotContain("\n");
            actual.add(
                    String.join(
                            " | ",
                            (String) r.getField("stream_name"),
                            (String) r.getField("shard_id"),
                            (String) r.getField("sequence_number"),
                            (String) r.getField("partition_key"),
                            (String) r.getField("key_written"),
                            r.getField("arrival_time").toString(),
                            Arrays.toString((byte[]) r.getField("raw_data"))));
        }
        List<String> expected = new ArrayList<>();
        for (Record b : bad) {
            expected.add(
                    String.join(
                            " | ",
                            "events",
                            b.shardId(),
                            b.sequenceNumber().toString(),
                            b.partitionKey(),
                            b.partitionKey(),
                            Instant.ofEpochMilli(b.arrivalMillis()).toString(),
                            Arrays.toString(b.data())));
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Passes its argument through, but fails the task the first time it sees {@code failAt}. */
    public static class FailOnce extends ScalarFunction {
        static final AtomicInteger FAILED = new AtomicInteger();

        public Long eval(Long id, Integer failAt) throws InterruptedException {
            Thread.sleep(2); // spread the read over several checkpoints
            if (id.longValue() == failAt.longValue() && FAILED.compareAndSet(0, 1)) {
                throw new IllegalStateException("injected failure at id " + id);
            }
            return id;
        }
    }
}
