package dev.brook.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.it.ItSupport;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import dev.brook.store.ShardRouter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector's sql jar in a stock Flink SQL gateway: the test starts Flink's own {@code
 * SqlGateway} main in a separate JVM whose class path is Flink's jars plus {@code
 * brook-connectors-*-sql.jar} (no Brook classes, no Jackson otherwise), and runs CREATE CATALOG,
 * CREATE TABLE, INSERT, SELECT, SHOW TABLES and DROP TABLE through its REST API against a
 * MiniCluster ({@link StockSqlGateway}). The sql jar is built by {@code mvn package}, which runs
 * before the ITCases.
 */
class BrookSqlGatewayITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;
    private StockSqlGateway gateway;

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** {@code target/brook-connectors-<version>-sql.jar}. */
    static Path sqlJar() throws IOException {
        return StockSqlGateway.jarInTarget("brook-connectors-.*-sql\\.jar");
    }

    private List<List<Object>> run(String session, String statement) throws Exception {
        return gateway.run(session, statement);
    }

    @Test
    void catalogTablesInsertAndSelectThroughAStockGateway() throws Exception {
        gateway =
                StockSqlGateway.start(
                        dir, MINI_CLUSTER.getClientConfiguration(), List.of(sqlJar()));
        String session = gateway.openSession(Map.of("table.dml-sync", "true"));
        run(
                session,
                "CREATE CATALOG brook WITH ('type' = 'brook', 'root' = '"
                        + dir.resolve("store")
                        + "')");
        run(session, "USE CATALOG brook");
        run(
                session,
                "CREATE TABLE orders (id INT, item STRING, qty INT) PARTITIONED BY (item)"
                        + " WITH ('format' = 'json', 'shards' = '2')");
        assertThat(run(session, "SHOW TABLES")).containsExactly(List.of("orders"));
        run(
                session,
                "INSERT INTO orders VALUES (1, 'apple', 3), (2, 'pear', 1), (3, 'apple', 2),"
                        + " (4, 'fig', 7)");

        // The rows are in the stream, keyed and routed as Brook's own producers would put them.
        try (BrookStore store = BrookStore.open(dir.resolve("store").toString())) {
            ShardRouter router = new ShardRouter(store.metadata("orders"));
            List<Record> records = ItSupport.readAll(store, "orders");
            assertThat(records).hasSize(4);
            for (Record r : records) {
                assertThat(r.shardId()).isEqualTo(router.route(r.partitionKey()).shardId());
            }
            assertThat(records.stream().map(r -> r.partitionKey() + " " + ItSupport.value(r)))
                    .containsExactlyInAnyOrder(
                            "apple {\"id\":1,\"item\":\"apple\",\"qty\":3}",
                            "pear {\"id\":2,\"item\":\"pear\",\"qty\":1}",
                            "apple {\"id\":3,\"item\":\"apple\",\"qty\":2}",
                            "fig {\"id\":4,\"item\":\"fig\",\"qty\":7}");
        }

        run(session, "SET 'execution.runtime-mode' = 'batch'");
        List<List<Object>> totals =
                run(
                        session,
                        "SELECT item, SUM(qty) FROM orders /*+ OPTIONS('scan.bounded' = 'true') */"
                                + " GROUP BY item");
        assertThat(totals)
                .containsExactlyInAnyOrder(
                        List.of("apple", 5L), List.of("pear", 1L), List.of("fig", 7L));

        run(session, "DROP TABLE orders");
        assertThat(run(session, "SHOW TABLES")).isEmpty();
        try (BrookStore store = BrookStore.open(dir.resolve("store").toString())) {
            assertThat(store.listStreams()).isEmpty();
        }
        assertThat(gateway.log())
                .doesNotContain("dev.brook.shaded.com.fasterxml.jackson.databind.exc");
        assertThat(StockSqlGateway.flinkClassPath().stream().collect(Collectors.joining(" ")))
                .doesNotContain("jackson-databind");
    }
}
