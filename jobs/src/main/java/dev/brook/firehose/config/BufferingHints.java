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

    /** The hints with Firehose's defaults where a value is missing. */
    BufferingHints withDefaults(int defaultSizeMb) {
        return new BufferingHints(
                sizeInMBs == null ? defaultSizeMb : sizeInMBs,
                intervalInSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalInSeconds);
    }

    public long sizeBytes() {
        return sizeInMBs * 1024L * 1024L;
    }

    public long intervalMillis() {
        return intervalInSeconds * 1000L;
    }
}
