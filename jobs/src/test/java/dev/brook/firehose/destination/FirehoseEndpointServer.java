package dev.brook.firehose.destination;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A Firehose HTTP endpoint for tests, on a loopback port: checks every request against Firehose's
 * protocol (headers, access key, common attributes, body), fails a seeded random share of requests
 * (500s, wrong request ids, bodies that are not JSON) and records the records it accepted,
 * de-duplicating by request id as a Firehose endpoint may.
 */
public final class FirehoseEndpointServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final String accessKey;
    private final Map<String, String> commonAttributes;
    private final Map<String, List<String>> recordsById = new ConcurrentHashMap<>();
    private final Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
    private final Set<String> failedIds = ConcurrentHashMap.newKeySet();
    private final Set<String> retriedIds = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> requestCounts = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private Random random = new Random();
    private double failShare;
    private int[] failureKinds = {};
    public static final int STATUS_500 = 0;
    public static final int WRONG_REQUEST_ID = 1;
    public static final int NOT_JSON = 2;

    /** Starts the server; requests must carry this access key and these common attributes. */
    public FirehoseEndpointServer(String accessKey, Map<String, String> commonAttributes)
            throws IOException {
        this.accessKey = accessKey;
        this.commonAttributes = Map.copyOf(commonAttributes);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/firehose", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The endpoint's URL, with a query string the client must keep. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/firehose?source=brook";
    }

    /** Fails this share of requests, each with one of the given kinds, chosen by the seed. */
    public synchronized void failShare(long seed, double share, int... kinds) {
        this.random = new Random(seed);
        this.failShare = share;
        this.failureKinds = kinds;
    }

    /** Request ids the endpoint failed and then saw again. */
    public Set<String> retriedRequestIds() {
        return retriedIds;
    }

    /** How many requests arrived under each request id. */
    public Map<String, Integer> requestsById() {
        return new HashMap<>(requestCounts);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestHeaders().getFirst("X-Amz-Firehose-Request-Id");
            check(
                    "POST".equals(exchange.getRequestMethod()),
                    "method " + exchange.getRequestMethod());
            check(
                    "1.0".equals(header(exchange, "X-Amz-Firehose-Protocol-Version")),
                    "protocol version");
            check("application/json".equals(header(exchange, "Content-Type")), "content type");
            check(
                    Objects.equals(accessKey, header(exchange, "X-Amz-Firehose-Access-Key")),
                    "access key");
            check(
                    "brook".equals(exchange.getRequestURI().getQuery().replace("source=", "")),
                    "query string kept");
            String commonHeader = header(exchange, "X-Amz-Firehose-Common-Attributes");
            Map<String, String> common = new HashMap<>();
            if (commonHeader != null) {
                JSON.readTree(commonHeader)
                        .path("commonAttributes")
                        .fields()
                        .forEachRemaining(e -> common.put(e.getKey(), e.getValue().asText()));
            }
            check(common.equals(commonAttributes), "common attributes " + commonHeader);
            InputStream in = exchange.getRequestBody();
            if ("gzip".equals(header(exchange, "Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            JsonNode body = JSON.readTree(in.readAllBytes());
            check(id != null && id.equals(body.path("requestId").asText()), "body requestId " + id);
            check(body.path("timestamp").isIntegralNumber(), "timestamp");
            List<String> records = new ArrayList<>();
            for (JsonNode r : body.path("records")) {
                records.add(new String(Base64.getDecoder().decode(r.path("data").asText()), UTF_8));
            }
            check(!records.isEmpty(), "a request without records");
            requestCounts.merge(id, 1, Integer::sum);
            List<String> earlier = recordsById.putIfAbsent(id, records);
            if (earlier != null) {
                check(earlier.equals(records), "request id " + id + " reused for other records");
                if (failedIds.contains(id)) {
                    retriedIds.add(id);
                }
            }
            int failure = nextFailure();
            if (failure >= 0) {
                failedIds.add(id);
            }
            switch (failure) {
                case STATUS_500 ->
                        respond(
                                exchange,
                                500,
                                "{\"requestId\":\"" + id + "\",\"errorMessage\":\"overloaded\"}");
                case WRONG_REQUEST_ID ->
                        respond(
                                exchange,
                                200,
                                "{\"requestId\":\"not-" + id + "\",\"timestamp\":1}");
                case NOT_JSON -> respond(exchange, 200, "<html>proxy error</html>");
                default -> {
                    if (acceptedIds.add(id)) {
                        accepted.addAll(records);
                    }
                    respond(
                            exchange,
                            200,
                            "{\"requestId\":\""
                                    + id
                                    + "\",\"timestamp\":"
                                    + System.currentTimeMillis()
                                    + "}");
                }
            }
        } catch (RuntimeException | IOException e) {
            violations.add("endpoint failed on a request: " + e);
        }
    }

    /** -1 to accept, else which kind of failure. */
    private synchronized int nextFailure() {
        return random.nextDouble() < failShare
                ? failureKinds[random.nextInt(failureKinds.length)]
                : -1;
    }

    private static String header(HttpExchange exchange, String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            violations.add(what);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Every way a request broke the protocol; empty when all were right. */
    public List<String> violations() {
        return violations;
    }

    /** The data of every record accepted, once per accepted request id. */
    public List<String> accepted() {
        return accepted;
    }

    @Override
    public void close() {
        stop();
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }
}
