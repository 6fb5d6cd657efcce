package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Direct PUT: records are put into the delivery stream itself, which Brook keeps in a backing
 * stream {@code firehose-<DeliveryStreamName>} with {@code ShardCount} shards under {@code Root}.
 */
public record DirectPutSourceConfiguration(
        @JsonProperty("Root") String root, @JsonProperty("ShardCount") Integer shardCount) {

    public static final int DEFAULT_SHARD_COUNT = 2;
    public static final int MAX_SHARD_COUNT = 1000;

    DirectPutSourceConfiguration withDefaults() {
        return new DirectPutSourceConfiguration(
                root, shardCount == null ? DEFAULT_SHARD_COUNT : shardCount);
    }
}
