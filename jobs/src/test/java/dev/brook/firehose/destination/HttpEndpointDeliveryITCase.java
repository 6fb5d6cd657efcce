package dev.brook.firehose.destination;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import dev.brook.testing.BrookExtension;
import dev.brook.testing.FailingMap;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP endpoint delivery on a MiniCluster against a real HTTP server started by the test, which
 * checks every request against Firehose's protocol, fails a seeded random share of them (500s,
 * wrong request ids, bodies that are not JSON) and records what it accepted, de-duplicating by
 * request id as a Firehose endpoint may.
 */
class HttpEndpointDeliveryITCase {
    @RegisterExtension static final BrookExtension BROOK = BrookExtension.withMiniCluster();

    private static final String ACCESS_KEY = "secret-key-1";
    private static final Pattern REQUEST_ID = Pattern.compile("request ([0-9a-f-]{36})");

    private FirehoseEndpoint endpoint;

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = new FirehoseEndpoint();
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.stop();
    }

    @Test
    void everyRecordArrivesUnderInjectedFailuresAndARetriedBatchKeepsItsRequestId()
            throws Exception {
        long seed = Long.getLong("brook.test.seed", new Random().nextLong());
        endpoint.failShare(
                seed,
                0.3,
                FirehoseEndpoint.STATUS_500,
                FirehoseEndpoint.WRONG_REQUEST_ID,
                FirehoseEndpoint.NOT_JSON);
        int n = 4000;

        StreamExecutionEnvironment env = BROOK.env();
        env.setParallelism(2);
        env.enableCheckpointing(50);
        FailingMap<FirehoseRecord> faults = FailingMap.failAfter(800, 2);
        DataStream<FirehoseRecord> records =
                env.fromSequence(0, n - 1).map(new ToRecord()).map(new Throttle()).map(faults);
        HttpEndpointConfig config =
                HttpEndpointConfig.builder(endpoint.url())
                        .name("test-endpoint")
                        .accessKey(ACCESS_KEY)
                        .commonAttribute("stream", "clicks")
                        .commonAttribute("team", "data")
                        .contentEncoding(HttpEndpointConfig.ContentEncoding.GZIP)
                        .bufferSizeMiB(1)
                        .bufferIntervalSeconds(0)
                        .retryDuration(Duration.ofSeconds(60))
                        .build();
        List<FailedRecord> failed = collect(HttpEndpointDelivery.deliver(records, config));

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            expected.add("record-" + i);
        }
        assertThat(endpoint.violations).as("seed %s", seed).isEmpty();
        assertThat(failed).as("seed %s", seed).isEmpty();
        assertThat(faults.failuresInjected()).isEqualTo(2);
        assertThat(new HashSet<>(endpoint.accepted)).as("seed %s", seed).isEqualTo(expected);
        assertThat(endpoint.retriedRequestIds())
                .as("request ids the endpoint failed and then saw again (seed %s)", seed)
                .isNotEmpty();
    }

    @Test
    void aBatchTheEndpointNeverAcceptsComesBackAsFailedRecordsAfterTheRetryDuration()
            throws Exception {
        endpoint.failShare(1, 1.0, FirehoseEndpoint.STATUS_500);
        int n = 300;
        StreamExecutionEnvironment env = BROOK.env();
        env.setParallelism(2);
        DataStream<FirehoseRecord> records = env.fromSequence(0, n - 1).map(new ToRecord());
        HttpEndpointConfig config =
                HttpEndpointConfig.builder(endpoint.url())
                        .name("always-failing")
                        .accessKey(ACCESS_KEY)
                        .commonAttribute("stream", "clicks")
                        .commonAttribute("team", "data")
                        .bufferIntervalSeconds(1)
                        .retryDuration(Duration.ofSeconds(1))
                        .build();
        List<FailedRecord> failed = collect(HttpEndpointDelivery.deliver(records, config));

        assertThat(endpoint.violations).isEmpty();
        assertThat(endpoint.accepted).isEmpty();
        Set<String> failedData = new HashSet<>();
        Map<String, Integer> attemptsByRequest = new HashMap<>();
        for (FailedRecord f : failed) {
            assertThat(f.getType()).isEqualTo(ErrorOutputType.HTTP_ENDPOINT_FAILED);
            assertThat(f.getErrorCode()).isEqualTo(HttpDeliveryOutcome.DESTINATION_EXCEPTION);
            assertThat(f.getErrorMessage())
                    .contains("always-failing")
                    .contains("500")
                    .contains("overloaded");
            Matcher m = REQUEST_ID.matcher(f.getErrorMessage());
            assertThat(m.find()).as(f.getErrorMessage()).isTrue();
            attemptsByRequest.put(m.group(1), f.getAttemptsMade());
            failedData.add(new String(f.getRecord().getData(), UTF_8));
        }
        // Each batch was tried as often as its failed records say, every time under its id.
        assertThat(attemptsByRequest).isEqualTo(endpoint.requestsById());
        assertThat(failed).hasSize(n);
        assertThat(failedData).hasSize(n);
    }

    private static List<FailedRecord> collect(DataStream<FailedRecord> failed) throws Exception {
        List<FailedRecord> out = new ArrayList<>();
        try (CloseableIterator<FailedRecord> it = failed.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** Record ids as the source sets them: shard id and sequence number. */
    private static final class ToRecord implements MapFunction<Long, FirehoseRecord> {
        @Override
        public FirehoseRecord map(Long i) {
            return new FirehoseRecord(
                    "shardId-000000000000:" + i,
                    1_700_000_000_000L + i,
                    ("record-" + i).getBytes(UTF_8));
        }
    }

    /** Spreads the input over about a second, so checkpoints and failures fall mid-stream. */
    private static final class Throttle implements MapFunction<FirehoseRecord, FirehoseRecord> {
        private long seen;

        @Override
        public FirehoseRecord map(FirehoseRecord r) throws InterruptedException {
            if (++seen % 2 == 0) {
                Thread.sleep(1);
            }
            return r;
        }
    }

    /** A Firehose HTTP endpoint that checks the protocol and fails a seeded share of requests. */
    private static final class FirehoseEndpoint {
        private static final ObjectMapper JSON = new ObjectMapper();

        final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
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
        static final int STATUS_500 = 0;
        static final int WRONG_REQUEST_ID = 1;
        static final int NOT_JSON = 2;

        FirehoseEndpoint() throws IOException {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/firehose", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/firehose?source=brook";
        }

        /** Fails this share of requests, each with one of the given kinds, chosen by the seed. */
        synchronized void failShare(long seed, double share, int... kinds) {
            this.random = new Random(seed);
            this.failShare = share;
            this.failureKinds = kinds;
        }

        Set<String> retriedRequestIds() {
            return retriedIds;
        }

        /** How many requests arrived under each request id. */
        Map<String, Integer> requestsById() {
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
                        ACCESS_KEY.equals(header(exchange, "X-Amz-Firehose-Access-Key")),
                        "access key");
                check(
                        "brook".equals(exchange.getRequestURI().getQuery().replace("source=", "")),
                        "query string kept");
                JsonNode common =
                        JSON.readTree(header(exchange, "X-Amz-Firehose-Common-Attributes"));
                check(
                        common.path("commonAttributes").path("stream").asText().equals("clicks")
                                && common.path("commonAttributes")
                                        .path("team")
                                        .asText()
                                        .equals("data"),
                        "common attributes " + common);
                InputStream in = exchange.getRequestBody();
                if ("gzip".equals(header(exchange, "Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                JsonNode body = JSON.readTree(in.readAllBytes());
                check(
                        id != null && id.equals(body.path("requestId").asText()),
                        "body requestId " + id);
                check(body.path("timestamp").isIntegralNumber(), "timestamp");
                List<String> records = new ArrayList<>();
                for (JsonNode r : body.path("records")) {
                    records.add(
                            new String(Base64.getDecoder().decode(r.path("data").asText()), UTF_8));
                }
                check(!records.isEmpty(), "a request without records");
                requestCounts.merge(id, 1, Integer::sum);
                List<String> earlier = recordsById.putIfAbsent(id, records);
                if (earlier != null) {
                    check(
                            earlier.equals(records),
                            "request id " + id + " reused for other records");
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
                                    "{\"requestId\":\""
                                            + id
                                            + "\",\"errorMessage\":\"overloaded\"}");
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

        private static void respond(HttpExchange exchange, int status, String body)
                throws IOException {
            byte[] bytes = body.getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        void stop() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
