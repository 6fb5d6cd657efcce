package dev.brook.firehose.destination;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how {@link HttpEndpointDelivery} delivers: Firehose's {@code
 * HttpEndpointDestinationConfiguration} (endpoint URL, name, access key, request configuration,
 * buffering hints, retry options), with Firehose's defaults and limits. Build it with {@link
 * #builder(String)}, which validates every value and names the limit a bad one broke.
 *
 * @param url the endpoint, {@code http} or {@code https} (Firehose allows only https on port 443;
 *     Brook also allows plain http, for endpoints inside the cluster's network)
 * @param name the endpoint's name, for logs and error messages
 * @param accessKey sent verbatim as {@code X-Amz-Firehose-Access-Key}; null for none
 * @param commonAttributes sent as {@code X-Amz-Firehose-Common-Attributes}
 * @param contentEncoding NONE or GZIP
 * @param bufferSizeMiB send a batch once its records' data reach this many MiB (1–64, default 5)
 * @param bufferIntervalSeconds or once its oldest record waited this long (0–900, default 60)
 * @param retryDuration how long a batch is retried after its first attempt (0–7200 s, default 300
 *     s); 0 sends once
 * @param maxConcurrentRequests batches in flight per subtask before the operator back-pressures
 *     (1–64, default 4; Brook's option, Firehose does not expose it)
 */
public record HttpEndpointConfig(
        URI url,
        String name,
        String accessKey,
        Map<String, String> commonAttributes,
        ContentEncoding contentEncoding,
        int bufferSizeMiB,
        int bufferIntervalSeconds,
        Duration retryDuration,
        int maxConcurrentRequests)
        implements Serializable {

    public static final int DEFAULT_BUFFER_SIZE_MIB = 5;
    public static final int MAX_BUFFER_SIZE_MIB = 64;
    public static final int DEFAULT_BUFFER_INTERVAL_SECONDS = 60;
    public static final int MAX_BUFFER_INTERVAL_SECONDS = 900;
    public static final Duration DEFAULT_RETRY_DURATION = Duration.ofSeconds(300);
    public static final Duration MAX_RETRY_DURATION = Duration.ofSeconds(7200);
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 4;
    public static final int MAX_ACCESS_KEY_BYTES = 4096;

    /** Firehose's {@code RequestConfiguration.ContentEncoding}. */
    public enum ContentEncoding {
        NONE,
        GZIP
    }

    public HttpEndpointConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentEncoding, "contentEncoding");
        Objects.requireNonNull(retryDuration, "retryDuration");
        commonAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(commonAttributes));
    }

    public static Builder builder(String url) {
        return new Builder(url);
    }

    public long bufferSizeBytes() {
        return (long) bufferSizeMiB << 20;
    }

    /** Validates and builds an {@link HttpEndpointConfig}. */
    public static final class Builder {
        private final String url;
        private String name;
        private String accessKey;
        private final Map<String, String> commonAttributes = new LinkedHashMap<>();
        private ContentEncoding contentEncoding = ContentEncoding.NONE;
        private int bufferSizeMiB = DEFAULT_BUFFER_SIZE_MIB;
        private int bufferIntervalSeconds = DEFAULT_BUFFER_INTERVAL_SECONDS;
        private Duration retryDuration = DEFAULT_RETRY_DURATION;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;

        private Builder(String url) {
            this.url = url;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder accessKey(String accessKey) {
            this.accessKey = accessKey;
            return this;
        }

        public Builder commonAttribute(String key, String value) {
            commonAttributes.put(key, value);
            return this;
        }

        public Builder commonAttributes(Map<String, String> attributes) {
            commonAttributes.putAll(attributes);
            return this;
        }

        public Builder contentEncoding(ContentEncoding encoding) {
            this.contentEncoding = encoding;
            return this;
        }

        public Builder bufferSizeMiB(int sizeMiB) {
            this.bufferSizeMiB = sizeMiB;
            return this;
        }

        public Builder bufferIntervalSeconds(int seconds) {
            this.bufferIntervalSeconds = seconds;
            return this;
        }

        public Builder retryDuration(Duration duration) {
            this.retryDuration = duration;
            return this;
        }

        public Builder maxConcurrentRequests(int requests) {
            this.maxConcurrentRequests = requests;
            return this;
        }

        public HttpEndpointConfig build() {
            URI uri = parseUrl(url);
            require(
                    bufferSizeMiB >= 1 && bufferSizeMiB <= MAX_BUFFER_SIZE_MIB,
                    "HTTP endpoint buffer size must be 1 to %d MiB, got %d",
                    MAX_BUFFER_SIZE_MIB,
                    bufferSizeMiB);
            require(
                    bufferIntervalSeconds >= 0
                            && bufferIntervalSeconds <= MAX_BUFFER_INTERVAL_SECONDS,
                    "HTTP endpoint buffer interval must be 0 to %d seconds, got %d",
                    MAX_BUFFER_INTERVAL_SECONDS,
                    bufferIntervalSeconds);
            require(retryDuration != null, "HTTP endpoint retry duration must be set");
            require(
                    !retryDuration.isNegative() && retryDuration.compareTo(MAX_RETRY_DURATION) <= 0,
                    "HTTP endpoint retry duration must be 0 to %d seconds, got %s",
                    MAX_RETRY_DURATION.toSeconds(),
                    retryDuration);
            require(
                    maxConcurrentRequests >= 1 && maxConcurrentRequests <= 64,
                    "HTTP endpoint concurrent requests must be 1 to 64, got %d",
                    maxConcurrentRequests);
            require(contentEncoding != null, "HTTP endpoint content encoding must be NONE or GZIP");
            if (accessKey != null) {
                int bytes = accessKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                require(
                        bytes <= MAX_ACCESS_KEY_BYTES,
                        "HTTP endpoint access key must be at most %d bytes, got %d",
                        MAX_ACCESS_KEY_BYTES,
                        bytes);
                requireHeaderSafe("access key", accessKey);
            }
            for (Map.Entry<String, String> e : commonAttributes.entrySet()) {
                require(
                        e.getKey() != null && !e.getKey().isEmpty() && e.getValue() != null,
                        "HTTP endpoint common attribute needs a non-empty name and a value, got"
                                + " %s=%s",
                        e.getKey(),
                        e.getValue());
            }
            String endpointName = name == null || name.isBlank() ? uri.getHost() : name;
            return new HttpEndpointConfig(
                    uri,
                    endpointName,
                    accessKey,
                    commonAttributes,
                    contentEncoding,
                    bufferSizeMiB,
                    bufferIntervalSeconds,
                    retryDuration,
                    maxConcurrentRequests);
        }

        private static URI parseUrl(String url) {
            require(url != null && !url.isBlank(), "HTTP endpoint URL must be set");
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "HTTP endpoint URL is not a URL: " + url + " (" + e.getMessage() + ")");
            }
            require(
                    "https".equalsIgnoreCase(uri.getScheme())
                            || "http".equalsIgnoreCase(uri.getScheme()),
                    "HTTP endpoint URL must start with https:// or http://, got %s",
                    url);
            require(uri.getHost() != null, "HTTP endpoint URL has no host: %s", url);
            require(url.length() <= 1000, "HTTP endpoint URL must be at most 1000 characters");
            return uri;
        }

        private static void requireHeaderSafe(String what, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                require(
                        c >= 0x20 && c != 0x7f,
                        "HTTP endpoint %s must not contain control characters (at index %d)",
                        what,
                        i);
            }
        }

        private static void require(boolean ok, String message, Object... args) {
            if (!ok) {
                throw new IllegalArgumentException(String.format(message, args));
            }
        }
    }
}
