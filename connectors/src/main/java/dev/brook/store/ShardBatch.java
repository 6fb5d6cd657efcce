package dev.brook.store;

import dev.brook.store.segment.SegmentBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Records bound for one shard, framed and ready to publish as one segment, each with a tag (a
 * future, an index in a request) that follows it if it has to be re-routed after a reshard.
 */
public final class ShardBatch<T> {
    private final String shardId;
    private final SegmentBuilder builder;
    private final List<T> tags = new ArrayList<>();

    public ShardBatch(String shardId, int initialCapacity) {
        this.shardId = shardId;
        this.builder = new SegmentBuilder(initialCapacity, SegmentBuilder.DEFAULT_INDEX_INTERVAL);
    }

    public String shardId() {
        return shardId;
    }

    public SegmentBuilder builder() {
        return builder;
    }

    public List<T> tags() {
        return tags;
    }

    public int count() {
        return builder.count();
    }

    public int bytes() {
        return builder.recordBytes();
    }

    public void add(byte[] key, HashKey explicitHashKey, byte[] data, int off, int len, T tag) {
        builder.append(key, 0, key.length, explicitHashKey, data, off, len, 0L);
        tags.add(tag);
    }
}
