package dev.brook.firehose.destination;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.firehose.FirehoseRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * Speaks Firehose's HTTP endpoint delivery protocol (version 1.0) with the JDK's HTTP client: one
 * client per operator subtask, requests sent asynchronously, the response read up to Firehose's 1
 * MiB limit and checked for status 200 and the echoed request id.
 */
final class HttpEndpointClient implements AutoCloseable {
    static final String PROTOCOL_VERSION = "1.0";

    /** Firehose gives an endpoint 3 minutes to answer. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(3);

    static final int MAX_RESPONSE_BYTES = 1 << 20;
    private static final int SNIPPET_CHARS = 512;
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpEndpointConfig config;
    private final String commonAttributesHeader;
    private final ExecutorService executor;
    private final HttpClient client;

    HttpEndpointClient(HttpEndpointConfig config, String threadName) {
        this.config = config;
        this.commonAttributesHeader = commonAttributesHeader(config.commonAttributes());
        AtomicInteger threads = new AtomicInteger();
        this.executor =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, threadName + "-" + threads.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        this.client =
                HttpClient.newBuilder()
                        .executor(executor)
                        .connectTimeout(Duration.ofSeconds(30))
                        // Plain http gets HTTP/1.1: no h2c upgrade dance with in-cluster servers.
                        .version(
                                "https".equalsIgnoreCase(config.url().getScheme())
                                        ? HttpClient.Version.HTTP_2
                                        : HttpClient.Version.HTTP_1_1)
                        .build();
    }

    /** Sends one attempt of a batch; the future never fails, errors become outcomes. */
    CompletableFuture<HttpDeliveryOutcome> send(HttpBatch batch, byte[] body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(config.url())
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("X-Amz-Firehose-Protocol-Version", PROTOCOL_VERSION)
                        .header("X-Amz-Firehose-Request-Id", batch.requestId())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.contentEncoding() == HttpEndpointConfig.ContentEncoding.GZIP) {
            request.header("Content-Encoding", "gzip");
        }
        if (config.accessKey() != null) {
            request.header("X-Amz-Firehose-Access-Key", config.accessKey());
        }
        if (commonAttributesHeader != null) {
            request.header("X-Amz-Firehose-Common-Attributes", commonAttributesHeader);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenApplyAsync(response -> outcome(batch.requestId(), response), executor)
                .exceptionally(HttpEndpointClient::failure);
    }

    /**
     * Firehose's request body, {@code {"requestId":..,"timestamp":..,"records":[{"data":
     * base64},..]}}, streamed (optionally through GZIP) without a string per record.
     */
    byte[] body(HttpBatch batch) {
        long dataBytes = 0;
        for (FirehoseRecord r : batch.records()) {
            dataBytes += r.getData().length;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) (dataBytes * 4 / 3 + 256));
        try (OutputStream out =
                        config.contentEncoding() == HttpEndpointConfig.ContentEncoding.GZIP
                                ? new GZIPOutputStream(bytes, 64 * 1024)
                                : bytes;
                JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("requestId", batch.requestId());
            json.writeNumberField("timestamp", batch.timestampMillis());
            json.writeArrayFieldStart("records");
            for (FirehoseRecord r : batch.records()) {
                json.writeStartObject();
                json.writeFieldName("data");
                json.writeBinary(r.getData());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode an HTTP endpoint request", e);
        }
        return bytes.toByteArray();
    }

    private HttpDeliveryOutcome outcome(String requestId, HttpResponse<InputStream> response) {
        byte[] body;
        boolean tooLarge;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            tooLarge = body.length > MAX_RESPONSE_BYTES;
        } catch (IOException e) {
            return HttpDeliveryOutcome.failed(
                    HttpDeliveryOutcome.CONNECTION_FAILED,
                    "could not read the response of " + config.name() + ": " + e.getMessage());
        }
        int status = response.statusCode();
        if (tooLarge) {
            return HttpDeliveryOutcome.failed(
                    HttpDeliveryOutcome.RESPONSE_TOO_LARGE,
                    "endpoint "
                            + config.name()
                            + " answered "
                            + status
                            + " with a body over the limit of "
                            + MAX_RESPONSE_BYTES
                            + " bytes");
        }
        if (status != 200) {
            return HttpDeliveryOutcome.failed(
                    HttpDeliveryOutcome.DESTINATION_EXCEPTION,
                    "endpoint " + config.name() + " answered " + status + ": " + snippet(body));
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        JsonNode echoed = json == null ? null : json.get("requestId");
        if (echoed == null || !requestId.equals(echoed.asText())) {
            return HttpDeliveryOutcome.failed(
                    HttpDeliveryOutcome.INVALID_RESPONSE,
                    "endpoint "
                            + config.name()
                            + " answered 200 without a JSON body echoing requestId "
                            + requestId
                            + ": "
                            + snippet(body));
        }
        return HttpDeliveryOutcome.SUCCESS;
    }

    private static HttpDeliveryOutcome failure(Throwable t) {
        Throwable cause =
                t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof HttpTimeoutException) {
            return HttpDeliveryOutcome.failed(
                    HttpDeliveryOutcome.REQUEST_TIMEOUT,
                    "request timed out: " + cause.getMessage());
        }
        return HttpDeliveryOutcome.failed(
                HttpDeliveryOutcome.CONNECTION_FAILED,
                "request failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private static String snippet(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() <= SNIPPET_CHARS ? s : s.substring(0, SNIPPET_CHARS) + "...";
    }

    private static String commonAttributesHeader(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(Map.of("commonAttributes", attributes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // HttpClient.close() is Java 21; stopping its executor ends the threads we gave it, and
        // the client's selector thread ends once the client is unreachable.
        executor.shutdownNow();
    }
}
