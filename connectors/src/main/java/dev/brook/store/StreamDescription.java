package dev.brook.store;

import java.util.List;

/** A stream's current metadata with every shard's sequence number range. */
public record StreamDescription(StreamMetadata metadata, List<ShardDescription> shards) {}
