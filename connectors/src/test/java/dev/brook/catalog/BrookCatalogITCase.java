package dev.brook.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.it.ItSupport;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.StreamMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The brook catalog: CREATE TABLE creates the stream and stores the table's definition with it,
 * which another session reads back unchanged; SHOW TABLES lists every stream; a stream made outside
 * SQL is a raw table; ALTER TABLE changes retention and shard count; DROP TABLE deletes the stream;
 * and rows go in and out through catalog tables.
 */
class BrookCatalogITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    private TableEnvironment session() {
        return session(false);
    }

    private TableEnvironment session(boolean batch) {
        TableEnvironment t =
                TableEnvironment.create(
                        batch
                                ? EnvironmentSettings.inBatchMode()
                                : EnvironmentSettings.inStreamingMode());
        Configuration c = new Configuration();
        c.setString("table.local-time-zone", "UTC");
        c.setString("parallelism.default", "2");
        t.getConfig().addConfiguration(c);
        t.executeSql("CREATE CATALOG brook WITH ('type' = 'brook', 'root' = '" + dir + "')");
        t.executeSql("USE CATALOG brook");
        return t;
    }

    private static List<Row> collect(TableEnvironment t, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = t.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static final String CLICKS =
            "CREATE TABLE clicks ("
                    + " user_id INT NOT NULL COMMENT 'who',"
                    + " page STRING,"
                    + " ts TIMESTAMP_LTZ(3) METADATA FROM 'arrival_time' VIRTUAL,"
                    + " pk STRING METADATA FROM 'partition_key',"
                    + " page_upper AS UPPER(page),"
                    + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND"
                    + ") COMMENT 'page clicks' PARTITIONED BY (user_id)"
                    + " WITH ('format' = 'json', 'json.ignore-parse-errors' = 'true',"
                    + " 'shards' = '4', 'retention' = '48 h')";

    @Test
    void createShowDescribeRoundTripAlterDrop() throws Exception {
        TableEnvironment t = session();
        try (BrookStore store = BrookStore.open(dir.toString())) {
            store.createStream("made-outside", 2);
        }
        t.executeSql(CLICKS);

        // CREATE TABLE created the stream with the shard count and retention given.
        try (BrookStore store = BrookStore.open(dir.toString())) {
            StreamMetadata m = store.metadata("clicks");
            assertThat(m.openShards()).hasSize(4);
            assertThat(m.retentionMillis()).isEqualTo(Duration.ofHours(48).toMillis());
            assertThat(m.properties().keySet()).allMatch(k -> k.startsWith("flink.table."));
            assertThat(m.properties())
                    .containsEntry("flink.table.format", "json")
                    .containsEntry("flink.table.json.ignore-parse-errors", "true")
                    .doesNotContainKeys("flink.table.shards", "flink.table.retention");
        }

        assertThat(collect(t, "SHOW TABLES"))
                .containsExactly(Row.of("clicks"), Row.of("made-outside"));
        assertThat(collect(t, "SHOW DATABASES")).containsExactly(Row.of("default"));

        // Another session (a new catalog instance) reads back the same definition.
        ResolvedSchema schema = t.from("clicks").getResolvedSchema();
        TableEnvironment other = session();
        assertThat(other.from("clicks").getResolvedSchema()).isEqualTo(schema);
        assertThat(schema.toString())
                .contains(
                        "`user_id` INT NOT NULL COMMENT 'who'",
                        "`ts` TIMESTAMP_LTZ(3) *ROWTIME* METADATA FROM 'arrival_time' VIRTUAL",
                        "`pk` STRING METADATA FROM 'partition_key'",
                        "`page_upper` STRING AS UPPER(`page`)",
                        "WATERMARK FOR `ts`: TIMESTAMP_LTZ(3) AS `ts` - INTERVAL '5' SECOND");
        BrookCatalog catalog = new BrookCatalog("c", dir.toString());
        catalog.open();
        CatalogBaseTable table = catalog.getTable(new ObjectPath("default", "clicks"));
        assertThat(((CatalogTable) table).getPartitionKeys()).containsExactly("user_id");
        assertThat(table.getComment()).isEqualTo("page clicks");
        assertThat(table.getOptions())
                .isEqualTo(
                        Map.of(
                                "connector", "brook",
                                "root", BrookStore.requireRoot(dir.toString(), "t"),
                                "stream", "clicks",
                                "format", "json",
                                "json.ignore-parse-errors", "true"));
        catalog.close();

        assertThat(
                        collect(t, "DESCRIBE clicks").stream()
                                .map(r -> r.getField(0) + " " + r.getField(1)))
                .containsExactly(
                        "user_id INT",
                        "page STRING",
                        "ts TIMESTAMP_LTZ(3) *ROWTIME*",
                        "pk STRING",
                        "page_upper STRING");

        // ALTER TABLE: retention and shard count follow the options.
        t.executeSql("ALTER TABLE clicks SET ('retention' = '72 h', 'shards' = '2')");
        try (BrookStore store = BrookStore.open(dir.toString())) {
            StreamMetadata m = store.metadata("clicks");
            assertThat(m.openShards()).hasSize(2);
            assertThat(m.retentionMillis()).isEqualTo(Duration.ofHours(72).toMillis());
        }
        assertThat(other.from("clicks").getResolvedSchema()).isEqualTo(schema);

        t.executeSql("DROP TABLE clicks");
        try (BrookStore store = BrookStore.open(dir.toString())) {
            assertThat(store.listStreams()).containsExactly("made-outside");
        }
        assertThat(collect(t, "SHOW TABLES")).containsExactly(Row.of("made-outside"));
    }

    @Test
    void rowsInAndOutThroughCatalogTables() throws Exception {
        TableEnvironment t = session();
        t.executeSql(CLICKS);
        t.executeSql(
                        "INSERT INTO clicks (user_id, page, pk) VALUES (1, 'home', CAST(NULL AS"
                                + " STRING)), (2, 'cart', 'vip'), (1, 'buy', CAST(NULL AS STRING))")
                .await();
        assertThat(
                        collect(
                                t,
                                "SELECT user_id, page, page_upper, pk FROM clicks"
                                        + " /*+ OPTIONS('scan.bounded' = 'true') */"))
                .containsExactlyInAnyOrder(
                        Row.of(1, "home", "HOME", "1"),
                        Row.of(2, "cart", "CART", "vip"),
                        Row.of(1, "buy", "BUY", "1"));
    }

    @Test
    void streamMadeOutsideSqlIsARawTable() throws Exception {
        try (BrookStore store = BrookStore.open(dir.toString())) {
            store.createStream("events", 1);
            ItSupport.put(
                    store,
                    "events",
                    List.of(
                            new PutRecordsEntry("a", "first".getBytes(UTF_8)),
                            new PutRecordsEntry("b", "second".getBytes(UTF_8))));
        }
        TableEnvironment t = session();
        assertThat(
                        collect(t, "DESCRIBE events").stream()
                                .map(r -> r.getField(0) + " " + r.getField(1)))
                .containsExactly(
                        "data BYTES",
                        "partition_key STRING",
                        "sequence_number STRING",
                        "shard_id STRING",
                        "arrival_time TIMESTAMP_LTZ(3)");
        t.executeSql("INSERT INTO events VALUES (CAST('third' AS BYTES), 'c')").await();
        assertThat(
                        collect(
                                t,
                                "SELECT CAST(data AS STRING), partition_key, shard_id FROM events"
                                        + " /*+ OPTIONS('scan.bounded' = 'true') */"))
                .containsExactly(
                        Row.of("first", "a", "shardId-000000000000"),
                        Row.of("second", "b", "shardId-000000000000"),
                        Row.of("third", "c", "shardId-000000000000"));
    }

    @Test
    void errorsNameWhatIsWrong() {
        TableEnvironment t = session();
        t.executeSql(CLICKS);
        assertThatThrownBy(() -> t.executeSql(CLICKS))
                .satisfies(e -> assertThat(messages(e)).contains("clicks", "already exists"));
        t.executeSql(CLICKS.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));
        assertThatThrownBy(
                        () ->
                                t.executeSql(
                                        "CREATE TABLE x (a INT) WITH ('format' = 'json',"
                                                + " 'shards' = '0')"))
                .satisfies(
                        e ->
                                assertThat(messages(e))
                                        .contains(
                                                "Invalid value '0' for table option 'shards': 1 to"
                                                        + " 10000"));
        assertThatThrownBy(
                        () ->
                                t.executeSql(
                                        "CREATE TABLE x (a INT) WITH ('format' = 'json',"
                                                + " 'retention' = 'forever')"))
                .satisfies(
                        e ->
                                assertThat(messages(e))
                                        .contains(
                                                "Invalid value 'forever' for table option"
                                                        + " 'retention'"));
        assertThatThrownBy(
                        () ->
                                t.executeSql(
                                        "CREATE TABLE x (a INT) WITH ('connector' = 'kafka',"
                                                + " 'format' = 'json')"))
                .satisfies(e -> assertThat(messages(e)).contains("'connector' must be 'brook'"));
        assertThatThrownBy(() -> t.executeSql("CREATE TABLE x (a INT)"))
                .satisfies(e -> assertThat(messages(e)).contains("needs a 'format' option"));
        assertThatThrownBy(
                        () ->
                                t.executeSql(
                                        "CREATE TABLE `bad/name` (a INT) WITH ('format' = 'raw')"))
                .satisfies(e -> assertThat(messages(e)).contains("illegal stream name 'bad/name'"));
        assertThatThrownBy(() -> t.executeSql("CREATE DATABASE other"))
                .satisfies(e -> assertThat(messages(e)).contains("has one database, 'default'"));
        assertThatThrownBy(() -> t.executeSql("CREATE VIEW v AS SELECT 1"))
                .satisfies(e -> assertThat(messages(e)).contains("holds only tables"));
        try (BrookStore store = BrookStore.open(dir.toString())) {
            assertThat(store.listStreams()).containsExactly("clicks");
        }
    }

    @Test
    void plannerRefusesUnknownMetadataAndUnboundedBatchReads() {
        TableEnvironment t = session();
        t.executeSql(CLICKS);
        t.executeSql(
                "CREATE TEMPORARY TABLE odd (a INT, x STRING METADATA FROM 'nope' VIRTUAL) WITH"
                        + " ('connector' = 'brook', 'root' = '"
                        + dir
                        + "', 'stream' = 'clicks', 'format' = 'json')");
        assertThatThrownBy(() -> t.explainSql("SELECT * FROM odd"))
                .satisfies(
                        e ->
                                assertThat(messages(e))
                                        .contains(
                                                "nope",
                                                "partition_key",
                                                "sequence_number",
                                                "shard_id",
                                                "arrival_time"));
        TableEnvironment batch = session(true);
        assertThatThrownBy(() -> batch.explainSql("SELECT page FROM clicks"))
                .satisfies(
                        e ->
                                assertThat(messages(e))
                                        .contains(
                                                "is read in batch mode",
                                                "set 'scan.bounded' = 'true'"));
        assertThat(
                        batch.explainSql(
                                "SELECT page FROM clicks /*+ OPTIONS('scan.bounded' = 'true')"
                                        + " */"))
                .contains("TableSourceScan(table=[[brook, default, clicks");
    }

    @Test
    void insertWithoutAnyPartitionKeyIsRefused() {
        TableEnvironment t = session();
        t.executeSql("CREATE TABLE nokey (a INT) WITH ('format' = 'json')");
        assertThatThrownBy(() -> t.executeSql("INSERT INTO nokey VALUES (1)"))
                .satisfies(
                        e ->
                                assertThat(messages(e))
                                        .contains(
                                                "has no partition key for the records it writes",
                                                "PARTITIONED BY",
                                                "sink.partition-key"));
    }

    static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
        }
        return b.toString();
    }
}
