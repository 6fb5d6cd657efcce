package dev.brook.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.it.ItSupport;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;

/**
 * Flink's own {@code SqlGateway} main in a separate JVM whose class path is Flink's jars (the test
 * class path less everything Brook brings) plus the jars under test, talking to a cluster, driven
 * through its REST API: what a user gets by dropping jars into a Flink distribution's {@code lib/}.
 */
public final class StockSqlGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path logFile;
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * Starts a gateway (configuration and log under {@code dir}) on the cluster whose client
     * configuration is given, with {@code jars} added to Flink's class path, and waits until it
     * answers. {@code notFlink} names further class path entries to leave out (e.g. the jars under
     * test bundle them).
     */
    public static StockSqlGateway start(
            Path dir, Configuration cluster, List<Path> jars, String... notFlink) throws Exception {
        return new StockSqlGateway(dir, cluster, jars, notFlink);
    }

    private StockSqlGateway(Path dir, Configuration cluster, List<Path> jars, String[] notFlink)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
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
        List<String> cp = new ArrayList<>(flinkClassPath(notFlink));
        assertThat(cp)
                .as("the gateway's class path: Flink's jars")
                .anyMatch(e -> e.contains("flink-sql-gateway-"))
                .anyMatch(e -> e.contains("flink-table-planner-loader-"))
                .noneMatch(e -> e.contains("surefirebooter") || e.contains("jackson-databind"));
        jars.forEach(j -> cp.add(j.toString()));
        Path log4j =
                Paths.get(StockSqlGateway.class.getResource("/log4j2-test.properties").toURI());
        logFile = dir.resolve("gateway.log");
        ProcessBuilder pb =
                new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-Dlog4j.configurationFile=" + log4j.toUri(),
                        "-cp",
                        String.join(File.pathSeparator, cp),
                        "org.apache.flink.table.gateway.SqlGateway");
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        pb.redirectErrorStream(true).redirectOutput(logFile.toFile());
        process = pb.start();
        Process started = process;
        // Also when the test JVM is stopped before the test closes it (a build interrupted).
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        base = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + ItSupport.PATIENCE.toNanos();
        while (true) {
            assertThat(process.isAlive()).as("gateway exited: %s", log()).isTrue();
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

    /** The one jar in {@code target/} (of the module the test runs in) whose name matches. */
    public static Path jarInTarget(String nameRegex) throws IOException {
        Path target = Paths.get("target").toAbsolutePath();
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars =
                    files.filter(p -> p.getFileName().toString().matches(nameRegex)).toList();
            assertThat(jars).as("%s in %s (built by mvn package)", nameRegex, target).hasSize(1);
            return jars.get(0);
        }
    }

    /**
     * The test class path less everything Brook brings: its classes, its jars, Jackson and Avro
     * (which would bring Jackson), and entries containing any of {@code notFlink}. What is left is
     * Flink and its own dependencies.
     */
    public static List<String> flinkClassPath(String... notFlink) {
        String cp =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> out = new ArrayList<>();
        entries:
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
            for (String n : notFlink) {
                if (e.contains(n)) {
                    continue entries;
                }
            }
            out.add(entry);
        }
        return out;
    }

    /** The gateway's log so far. */
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Opens a session with these properties; returns its handle. */
    public String openSession(Map<String, String> properties) throws Exception {
        return post("/v1/sessions", Map.of("properties", properties)).get("sessionHandle").asText();
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
    public List<List<Object>> run(String session, String statement) throws Exception {
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
                row.get("fields")
                        .forEach(
                                f ->
                                        fields.add(
                                                f.isIntegralNumber()
                                                        ? (Object) f.asLong()
                                                        : f.isNumber()
                                                                ? (Object) f.asDouble()
                                                                : f.asText()));
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

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
