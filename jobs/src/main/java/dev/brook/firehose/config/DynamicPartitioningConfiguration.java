package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Dynamic partitioning: {@code !{partitionKeyFromQuery:k}} in the prefix, keys from the
 * MetadataExtraction processor. {@code ActivePartitionLimit} is Firehose's per-stream quota (500 by
 * default, up to 5000); records for a new partition beyond it go to the error output as {@code
 * activePartitionExceeded}.
 */
public record DynamicPartitioningConfiguration(
        @JsonProperty("Enabled") Boolean enabled,
        @JsonProperty("RetryOptions") RetryOptions retryOptions, // accepted for compatibility
        @JsonProperty("ActivePartitionLimit") Integer activePartitionLimit) {

    public static final int DEFAULT_ACTIVE_PARTITION_LIMIT = 500;
    public static final int MAX_ACTIVE_PARTITION_LIMIT = 5000;

    DynamicPartitioningConfiguration withDefaults() {
        return new DynamicPartitioningConfiguration(
                enabled != null && enabled,
                retryOptions == null ? new RetryOptions(300) : retryOptions,
                activePartitionLimit == null
                        ? DEFAULT_ACTIVE_PARTITION_LIMIT
                        : activePartitionLimit);
    }

    public boolean active() {
        return Boolean.TRUE.equals(enabled);
    }
}
