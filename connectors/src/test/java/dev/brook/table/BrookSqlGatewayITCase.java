package dev.brook.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.it.ItSupport;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import dev.brook.store.ShardRouter;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
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
 * MiniCluster. The sql jar is built by {@code mvn package}, which runs before the ITCases.
 */
class BrookSqlGatewayITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private Process gateway;
    private Path gatewayLog;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String base;

    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor();
            }
        }
    }

    /** {@code target/brook-connectors-<version>-sql.jar}. */
    static Path sqlJar() throws IOException {
        Path target = Paths.get("target").toAbsolutePath();
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars =
                    files.filter(
                                    p ->
                                            p.getFileName()
                                                    .toString()
                                                    .matches("brook-connectors-.*-sql\\.jar"))
                            .toList();
            assertThat(jars)
                    .as("the connector's sql jar in %s (built by mvn package)", target)
                    .hasSize(1);
            return jars.get(0);
        }
    }

    /**
     * The test class path less everything Brook brings: its classes, its jars, Jackson and Avro
     * (which would bring Jackson). What is left is Flink and its own dependencies.
     */
    static List<String> flinkClassPath() {
        String cp =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> out = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            if (e.isEmpty()
                    || e.endsWith("/target/classes")
                    || e.endsWith("/target/test-classes")
                    || e.contains("/dev/brook/")
                    || e.contains("/brook-")
                    || e.contains("/com/fasterxml/jackson/")
                    || e.contains("/org/apache/avro/")
                    || e.contains("/flink-avro")) {
                continue;
            }
            out.add(entry);
        }
        return out;
    }

    private void startGateway() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Configuration cluster = MINI_CLUSTER.getClientConfiguration();
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(
                conf.resolve("config.yaml"),
                String.join(
                        "\n",
                        "execution.target: remote",
                        "rest.address: " + cluster.get(RestOptions.ADDRESS),
                        "rest.port: " + cluster.get(RestOptions.PORT),
                        "sql-gateway.endpoint.rest.address: 127.0.0.1",
                        "sql-gateway.endpoint.rest.bind-address: 127.0.0.1",
                        "sql-gateway.endpoint.rest.port: " + port,
                        "parallelism.default: 2",
                        "table.local-time-zone: UTC",
                        ""));
        List<String> cp = new ArrayList<>(flinkClassPath());
        assertThat(cp)
                .as("the gateway's class path: Flink's jars")
                .anyMatch(e -> e.contains("flink-sql-gateway-"))
                .anyMatch(e -> e.contains("flink-table-planner-loader-"))
                .noneMatch(e -> e.contains("surefirebooter") || e.contains("jackson-databind"));
        cp.add(sqlJar().toString());
        Path log4j = Paths.get(getClass().getResource("/log4j2-test.properties").toURI());
        gatewayLog = dir.resolve("gateway.log");
        ProcessBuilder pb =
                new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-Dlog4j.configurationFile=" + log4j.toUri(),
                        "-cp",
                        String.join(File.pathSeparator, cp),
                        "org.apache.flink.table.gateway.SqlGateway");
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        pb.redirectErrorStream(true).redirectOutput(gatewayLog.toFile());
        gateway = pb.start();
        Process started = gateway;
        // Also when the test JVM is stopped before @AfterEach runs (a build interrupted).
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        base = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + ItSupport.PATIENCE.toNanos();
        while (true) {
            assertThat(gateway.isAlive()).as("gateway exited: %s", log()).isTrue();
            try {
                if (get("/v1/info").has("productName")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(System.nanoTime())
                    .as("gateway did not start: %s", log())
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private String log() {
        try {
            return Files.readString(gatewayLog);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                JSON.writeValueAsString(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Runs a statement in the session and returns its result rows (each a list of fields). */
    private List<List<Object>> run(String session, String statement) throws Exception {
        String op =
                post("/v1/sessions/" + session + "/statements", Map.of("statement", statement))
                        .get("operationHandle")
                        .asText();
        List<List<Object>> rows = new ArrayList<>();
        String next = "/v1/sessions/" + session + "/operations/" + op + "/result/0";
        long deadline = System.nanoTime() + ItSupport.PATIENCE.toNanos();
        while (next != null) {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(base + next)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode())
                    .as("statement %s failed: %s", statement, r.body())
                    .isEqualTo(200);
            JsonNode result = JSON.readTree(r.body());
            for (JsonNode row : result.path("results").path("data")) {
                List<Object> fields = new ArrayList<>();
                row.get("fields").forEach(f -> fields.add(f.isNumber() ? f.asLong() : f.asText()));
                rows.add(fields);
            }
            String type = result.get("resultType").asText();
            if (type.equals("EOS")) {
                break;
            }
            next = result.hasNonNull("nextResultUri") ? result.get("nextResultUri").asText() : null;
            if (type.equals("NOT_READY")) {
                assertThat(System.nanoTime())
                        .as("statement %s gave no result", statement)
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        return rows;
    }

    @Test
    void catalogTablesInsertAndSelectThroughAStockGateway() throws Exception {
        startGateway();
        String session =
                post("/v1/sessions", Map.of("properties", Map.of("table.dml-sync", "true")))
                        .get("sessionHandle")
                        .asText();
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
        assertThat(log()).doesNotContain("dev.brook.shaded.com.fasterxml.jackson.databind.exc");
        assertThat(flinkClassPath().stream().collect(Collectors.joining(" ")))
                .doesNotContain("jackson-databind");
    }
}
