package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * When a buffer is delivered: once it holds {@code SizeInMBs} or is {@code IntervalInSeconds} old,
 * whichever comes first.
 */
public record BufferingHints(
        @JsonProperty("SizeInMBs") Integer sizeInMBs,
        @JsonProperty("IntervalInSeconds") Integer intervalInSeconds) {

    public static final int DEFAULT_SIZE_MB = 5;
    public static final int DEFAULT_SIZE_MB_LARGE = 128;
    public static final int DEFAULT_INTERVAL_SECONDS = 300;

    /** The hints as given, or hints with no values when the definition has none. */
    static BufferingHints orUnset(BufferingHints hints) {
        return hints == null ? new BufferingHints(null, null) : hints;
    }

    /** The hints with Firehose's defaults where a value is missing. */
    BufferingHints withDefaults(int defaultSizeMb) {
        return withDefaults(defaultSizeMb, DEFAULT_INTERVAL_SECONDS);
    }

    /** The hints with a destination's own defaults; a null default leaves the value unset. */
    BufferingHints withDefaults(Integer defaultSizeMb, int defaultIntervalSeconds) {
        return new BufferingHints(
                sizeInMBs == null ? defaultSizeMb : sizeInMBs,
                intervalInSeconds == null ? defaultIntervalSeconds : intervalInSeconds);
    }

    public long sizeBytes() {
        return sizeInMBs * 1024L * 1024L;
    }

    public long intervalMillis() {
        return intervalInSeconds * 1000L;
    }
}
