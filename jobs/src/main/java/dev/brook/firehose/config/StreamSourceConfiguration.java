package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Brook stream as the source (Firehose's KinesisStreamSourceConfiguration): its name, the store's
 * root (else the command line's), and where a new delivery stream starts reading.
 */
public record StreamSourceConfiguration(
        @JsonProperty("StreamName") String streamName,
        @JsonProperty("Root") String root,
        @JsonProperty("StartingPosition") StartingPosition startingPosition) {

    /** Where a delivery stream that has no checkpoint yet starts. */
    public enum StartingPosition {
        TRIM_HORIZON,
        LATEST
    }

    StreamSourceConfiguration withDefaults() {
        return new StreamSourceConfiguration(
                streamName,
                root,
                startingPosition == null ? StartingPosition.TRIM_HORIZON : startingPosition);
    }
}
