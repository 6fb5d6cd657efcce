package dev.brook.store;

/**
 * A shard as describe-stream shows it: its metadata and sequence number range. The ending sequence
 * number is set once a closed shard is sealed.
 */
public record ShardDescription(
        ShardMetadata shard, String startingSequenceNumber, String endingSequenceNumber) {}
