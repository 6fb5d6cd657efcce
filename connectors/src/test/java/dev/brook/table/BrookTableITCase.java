package dev.brook.table;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.it.ItSupport;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.Record;
import dev.brook.store.SequenceNumber;
import dev.brook.store.ShardRouter;
import dev.brook.store.TestSupport.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code 'connector' = 'brook'} on a MiniCluster: every format through the sink and the source in
 * streaming and batch mode, metadata columns, the partition key from PARTITIONED BY and from a
 * {@code partition_key} column (routed as the store routes), and a watermark on the arrival time
 * driving tumbling windows.
 */
class BrookTableITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    static TableEnvironment tableEnv(boolean batch) {
        TableEnvironment t =
                TableEnvironment.create(
                        batch
                                ? EnvironmentSettings.inBatchMode()
                                : EnvironmentSettings.inStreamingMode());
        Configuration c = new Configuration();
        c.setString("table.local-time-zone", "UTC");
        c.setString("parallelism.default", "2");
        t.getConfig().addConfiguration(c);
        return t;
    }

    static List<Row> collect(TableEnvironment t, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = t.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private String with(String stream, String format, String... more) {
        StringBuilder b =
                new StringBuilder(
                        "'connector' = 'brook', 'root' = '"
                                + dir
                                + "', 'stream' = '"
                                + stream
                                + "', 'format' = '"
                                + format
                                + "', 'scan.bounded' = 'true'");
        for (String m : more) {
            b.append(", ").append(m);
        }
        return "WITH (" + b + ")";
    }

    private static String sqlString(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    // ------------------------------------------------------------------ formats, modes

    /**
     * Rows written once by a streaming and once by a batch INSERT come back, exactly, from a batch
     * and from a streaming (bounded) SELECT.
     */
    @ParameterizedTest
    @ValueSource(strings = {"json", "csv", "avro"})
    void formatsRoundTripInStreamingAndBatch(String format) throws Exception {
        long seed = System.nanoTime();
        System.out.println("BrookTableITCase." + format + " seed " + seed);
        Random rnd = new Random(seed);
        try (BrookStore store = BrookStore.open(dir.toString())) {
            store.createStream("t_" + format, 2);
        }
        String ddl =
                "CREATE TABLE t (id BIGINT, name STRING, score DOUBLE, ts TIMESTAMP(3)) "
                        + with("t_" + format, format, "'sink.partition-key' = 'id'");
        List<Row> expected = new ArrayList<>();
        for (boolean batchWrite : new boolean[] {false, true}) {
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                long id = expected.size();
                String name = "n" + rnd.nextInt(1000) + (rnd.nextBoolean() ? " x, \"y\"" : "");
                double score = rnd.nextInt(10_000) / 8.0;
                LocalDateTime ts =
                        LocalDateTime.of(2024, 1, 1, 0, 0)
                                .plusNanos(rnd.nextInt(86_400_000) * 1_000_000L);
                expected.add(Row.of(id, name, score, ts));
                values.append(i == 0 ? "" : ", ")
                        .append("(")
                        .append(id)
                        .append(", ")
                        .append(sqlString(name))
                        .append(", CAST(")
                        .append(score)
                        .append(" AS DOUBLE), TIMESTAMP '")
                        .append(ts.toString().replace('T', ' '))
                        .append("')");
            }
            TableEnvironment w = tableEnv(batchWrite);
            w.executeSql(ddl);
            w.executeSql("INSERT INTO t VALUES " + values).await();
        }
        for (boolean batchRead : new boolean[] {true, false}) {
            TableEnvironment r = tableEnv(batchRead);
            r.executeSql(ddl);
            assertThat(collect(r, "SELECT id, name, score, ts FROM t"))
                    .as("%s, batch read %s, seed %d", format, batchRead, seed)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void rawFormatRoundTrip() throws Exception {
        try (BrookStore store = BrookStore.open(dir.toString())) {
            store.createStream("lines", 2);
        }
        String ddl = "CREATE TABLE t (line STRING) PARTITIONED BY (line) " + with("lines", "raw");
        TableEnvironment w = tableEnv(false);
        w.executeSql(ddl);
        w.executeSql("INSERT INTO t VALUES ('alpha'), ('beta, with a comma'), ('{\"not\": json}')")
                .await();
        TableEnvironment b = tableEnv(true);
        b.executeSql(ddl);
        b.executeSql("INSERT INTO t VALUES ('delta')").await();
        try (BrookStore store = BrookStore.open(dir.toString())) {
            assertThat(ItSupport.readAll(store, "lines").stream().map(ItSupport::value))
                    .containsExactlyInAnyOrder(
                            "alpha", "beta, with a comma", "{\"not\": json}", "delta");
        }
        for (boolean batch : new boolean[] {true, false}) {
            TableEnvironment r = tableEnv(batch);
            r.executeSql(ddl);
            assertThat(collect(r, "SELECT line FROM t").stream().map(row -> row.getField(0)))
                    .containsExactlyInAnyOrder(
                            "alpha", "beta, with a comma", "{\"not\": json}", "delta");
        }
    }

    // ------------------------------------------------------------------ keys and metadata

    /**
     * PARTITIONED BY (user_id, page) makes 'user_id|page' the partition key; each record lands in
     * the shard the store's router picks for it; the metadata columns read back equal what the
     * store holds.
     */
    @Test
    void partitionedByRoutesLikeTheStoreAndMetadataColumnsReadBack() throws Exception {
        long seed = System.nanoTime();
        System.out.println("BrookTableITCase.partitionedBy seed " + seed);
        Random rnd = new Random(seed);
        try (BrookStore store = BrookStore.open(dir.toString())) {
            store.createStream("clicks", 4);
        }
        TableEnvironment t = tableEnv(false);
        t.executeSql(
                "CREATE TABLE clicks (user_id INT, page STRING, n INT,"
                        + " pk STRING METADATA FROM 'partition_key' VIRTUAL,"
                        + " seq STRING METADATA FROM 'sequence_number' VIRTUAL,"
                        + " shard STRING METADATA FROM 'shard_id' VIRTUAL,"
                        + " arrival TIMESTAMP_LTZ(3) METADATA FROM 'arrival_time' VIRTUAL)"
                        + " PARTITIONED BY (user_id, page) "
                        + with("clicks", "json"));
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            values.append(i == 0 ? "" : ", ")
                    .append("(")
                    .append(rnd.nextInt(30))
                    .append(", 'p")
                    .append(rnd.nextInt(7))
                    .append("', ")
                    .append(i)
                    .append(")");
        }
        long before = System.currentTimeMillis();
        t.executeSql("INSERT INTO clicks VALUES " + values).await();
        long after = System.currentTimeMillis();

        List<Row> rows = collect(t, "SELECT user_id, page, n, pk, seq, shard, arrival FROM clicks");
        assertThat(rows).as("seed %d", seed).hasSize(200);
        assertThat(rows.stream().map(r -> (Integer) r.getField(2)).collect(Collectors.toSet()))
                .hasSize(200);
        try (BrookStore store = BrookStore.open(dir.toString())) {
            ShardRouter router = new ShardRouter(store.metadata("clicks"));
            Set<String> fromStore = new HashSet<>();
            for (Record r : ItSupport.readAll(store, "clicks")) {
                fromStore.add(
                        r.partitionKey()
                                + " "
                                + r.sequenceNumber()
                                + " "
                                + r.shardId()
                                + " "
                                + r.arrivalMillis());
            }
            Set<String> fromSql = new HashSet<>();
            for (Row r : rows) {
                String key = r.getField(0) + "|" + r.getField(1);
                String shard = (String) r.getField(5);
                long arrival = ((Instant) r.getField(6)).toEpochMilli();
                assertThat(r.getField(3)).as("seed %d", seed).isEqualTo(key);
                assertThat(shard)
                        .as("shard of %s, seed %d", key, seed)
                        .isEqualTo(router.route(key).shardId());
                assertThat(SequenceNumber.parse((String) r.getField(4)).shardOrdinal())
                        .isEqualTo(Long.parseLong(shard.substring("shardId-".length())));
                assertThat(arrival).isBetween(before, after);
                fromSql.add(key + " " + r.getField(4) + " " + shard + " " + arrival);
            }
            assertThat(fromSql).isEqualTo(fromStore);
        }
    }

    /**
     * A writable partition_key column sets each record's key; where it is null the PARTITIONED BY
     * column is the key instead.
     */
    @Test
    void partitionKeyColumnIsWrittenAndFallsBackToPartitionedBy() throws Exception {
        try (BrookStore store = BrookStore.open(dir.toString())) {
            store.createStream("orders", 3);
        }
        TableEnvironment t = tableEnv(true);
        t.executeSql(
                "CREATE TABLE orders (id INT, customer STRING,"
                        + " pk STRING METADATA FROM 'partition_key') PARTITIONED BY (customer) "
                        + with("orders", "csv"));
        t.executeSql(
                        "INSERT INTO orders VALUES (1, 'ann', 'k-1'), (2, 'bob', 'k-2'),"
                                + " (3, 'cy', CAST(NULL AS STRING)), (4, 'ann', 'k-4')")
                .await();
        try (BrookStore store = BrookStore.open(dir.toString())) {
            ShardRouter router = new ShardRouter(store.metadata("orders"));
            List<String> got = new ArrayList<>();
            for (Record r : ItSupport.readAll(store, "orders")) {
                assertThat(r.shardId()).isEqualTo(router.route(r.partitionKey()).shardId());
                got.add(r.partitionKey() + "=" + new String(r.data(), UTF_8));
            }
            assertThat(got)
                    .containsExactlyInAnyOrder("k-1=1,ann", "k-2=2,bob", "cy=3,cy", "k-4=4,ann");
        }
        // Read back, the column holds the record's key.
        assertThat(collect(t, "SELECT id, pk FROM orders"))
                .containsExactlyInAnyOrder(
                        Row.of(1, "k-1"), Row.of(2, "k-2"), Row.of(3, "cy"), Row.of(4, "k-4"));
    }

    // ------------------------------------------------------------------ start positions,
    // exactly-once

    /**
     * 'at-timestamp' starts at the first record that arrived at or after the given time;
     * 'after-sequence-number' just after the given record; an exactly-once INSERT commits its
     * records at the checkpoint at the end of its input.
     */
    @Test
    void startPositionsAndExactlyOnceThroughSql() throws Exception {
        long t0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        MutableClock clock = new MutableClock(t0);
        List<String> seqs = new ArrayList<>();
        try (BrookStore store =
                BrookStore.open(BrookStore.toPath(dir.toString()), new Configuration(), clock)) {
            store.createStream("log", 1);
            store.createStream("copy", 2);
            for (int i = 0; i < 10; i++) {
                clock.set(t0 + i * 1000L);
                seqs.add(store.putRecord("log", "k", ("r" + i).getBytes(UTF_8)).sequenceNumber());
            }
        }
        TableEnvironment t = tableEnv(true);
        t.executeSql(
                "CREATE TABLE from_time (line STRING) "
                        + with(
                                "log",
                                "raw",
                                "'scan.startup.mode' = 'at-timestamp'",
                                "'scan.startup.timestamp-millis' = '" + (t0 + 7000) + "'"));
        assertThat(collect(t, "SELECT line FROM from_time").stream().map(r -> r.getField(0)))
                .containsExactly("r7", "r8", "r9");
        t.executeSql(
                "CREATE TABLE after_seq (line STRING) "
                        + with(
                                "log",
                                "raw",
                                "'scan.startup.mode' = 'after-sequence-number'",
                                "'scan.startup.sequence-number' = '" + seqs.get(5) + "'"));
        assertThat(collect(t, "SELECT line FROM after_seq").stream().map(r -> r.getField(0)))
                .containsExactly("r6", "r7", "r8", "r9");

        TableEnvironment s = tableEnv(false);
        s.getConfig().set("execution.checkpointing.interval", "500 ms");
        s.executeSql(
                "CREATE TABLE copy (line STRING) PARTITIONED BY (line) "
                        + with("copy", "raw", "'sink.delivery-guarantee' = 'exactly-once'"));
        s.executeSql("CREATE TABLE src (line STRING) " + with("log", "raw"));
        s.executeSql("INSERT INTO copy SELECT line FROM src").await();
        try (BrookStore store = BrookStore.open(dir.toString())) {
            assertThat(ItSupport.readAll(store, "copy").stream().map(ItSupport::value))
                    .containsExactlyInAnyOrder(
                            "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
        }
    }

    // ------------------------------------------------------------------ event time

    /**
     * {@code WATERMARK FOR ts AS ts} on the arrival_time metadata column: a live (unbounded) read
     * emits each one-minute tumbling window, with its exact count, once records of a later minute
     * arrived in every shard.
     */
    @Test
    void arrivalTimeWatermarkDrivesTumblingWindows() throws Exception {
        long t0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        MutableClock clock = new MutableClock(t0);
        try (BrookStore store =
                BrookStore.open(BrookStore.toPath(dir.toString()), new Configuration(), clock)) {
            store.createStream("views", 2);
            ShardRouter router = new ShardRouter(store.metadata("views"));
            String[] keyOfShard = new String[2];
            for (int i = 0; keyOfShard[0] == null || keyOfShard[1] == null; i++) {
                String k = "k" + i;
                keyOfShard[router.route(k).shardId().equals("shardId-000000000000") ? 0 : 1] = k;
            }
            int[] perMinute = {3, 5, 2};
            for (int minute = 0; minute < perMinute.length; minute++) {
                for (int i = 0; i < perMinute[minute]; i++) {
                    clock.set(t0 + minute * 60_000L + i * 1000L);
                    store.putRecords(
                            "views",
                            List.of(
                                    new PutRecordsEntry(
                                            keyOfShard[i % 2], ("p" + i).getBytes(UTF_8))));
                }
            }
            // A record of minute 5 in each shard moves every shard's watermark past minute 3.
            clock.set(t0 + 5 * 60_000L);
            for (String k : keyOfShard) {
                store.putRecords("views", List.of(new PutRecordsEntry(k, "late".getBytes(UTF_8))));
            }
        }
        TableEnvironment t = tableEnv(false);
        // No idle timeout: with two shards and two source subtasks each subtask must get a shard,
        // or one of them would hold the watermark back for ever.
        t.executeSql(
                "CREATE TABLE pageviews (page STRING,"
                        + " ts TIMESTAMP_LTZ(3) METADATA FROM 'arrival_time' VIRTUAL,"
                        + " WATERMARK FOR ts AS ts) WITH ('connector' = 'brook', 'root' = '"
                        + dir
                        + "', 'stream' = 'views', 'format' = 'raw')");
        List<Row> windows = new ArrayList<>();
        try (CloseableIterator<Row> it =
                t.executeSql(
                                "SELECT window_start, window_end, COUNT(*) AS n FROM TABLE("
                                        + " TUMBLE(TABLE pageviews, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
                                        + " GROUP BY window_start, window_end")
                        .collect()) {
            while (windows.size() < 3 && it.hasNext()) {
                windows.add(it.next());
            }
        }
        LocalDateTime m = LocalDateTime.of(2024, 1, 1, 0, 0);
        assertThat(windows)
                .containsExactlyInAnyOrder(
                        Row.of(m, m.plusMinutes(1), 3L),
                        Row.of(m.plusMinutes(1), m.plusMinutes(2), 5L),
                        Row.of(m.plusMinutes(2), m.plusMinutes(3), 2L));
    }
}
