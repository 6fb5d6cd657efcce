package dev.brook.store;

import dev.brook.store.segment.SegmentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Records bound for one shard, framed and ready to publish as one segment, each with a tag (a
 * future, an index in a request) that follows it if it has to be re-routed after a reshard. An
 * {@link #untagged} batch keeps no tags (every record's tag is null) and so costs nothing per
 * record beyond its framing.
 */
public final class ShardBatch<T> {
    private final String shardId;
    private final SegmentBuilder builder;

    /** One tag per record, or null for an untagged batch. */
    private final List<T> tags;

    public ShardBatch(String shardId, int initialCapacity) {
        this(
                shardId,
                new SegmentBuilder(initialCapacity, SegmentBuilder.DEFAULT_INDEX_INTERVAL),
                10);
    }

    /**
     * A batch that fills {@code builder}, which must be empty (e.g. a cleared, reused one), with
     * room for {@code expectedRecords} tags before its tag list grows.
     */
    public ShardBatch(String shardId, SegmentBuilder builder, int expectedRecords) {
        if (!builder.isEmpty()) {
            throw new IllegalArgumentException("the builder of a new batch must be empty");
        }
        this.shardId = shardId;
        this.builder = builder;
        this.tags = expectedRecords < 0 ? null : new ArrayList<>(expectedRecords);
    }

    /**
     * A batch without tags that fills {@code builder}, which must be empty (e.g. a cleared, reused
     * one).
     */
    public static <T> ShardBatch<T> untagged(String shardId, SegmentBuilder builder) {
        return new ShardBatch<>(shardId, builder, -1);
    }

    public String shardId() {
        return shardId;
    }

    public SegmentBuilder builder() {
        return builder;
    }

    /** The tags, one per record, in order; for an untagged batch an empty list. */
    public List<T> tags() {
        return tags == null ? List.of() : tags;
    }

    /** The tag of the {@code i}-th record (null in an untagged batch). */
    public T tag(int i) {
        return tags == null ? null : tags.get(i);
    }

    public boolean isTagged() {
        return tags != null;
    }

    public int count() {
        return builder.count();
    }

    public int bytes() {
        return builder.recordBytes();
    }

    public void add(byte[] key, HashKey explicitHashKey, byte[] data, int off, int len, T tag) {
        builder.append(key, 0, key.length, explicitHashKey, data, off, len, 0L);
        if (tags != null) {
            tags.add(tag);
        }
    }

    /**
     * Moves every record, in order, with its tag and arrival time, to the batch of the open shard
     * that now holds its key (after this batch's shard was closed by a reshard). Batches not yet
     * published carry no arrival time (publishing stamps it); a staged segment's records keep the
     * one they were staged with.
     */
    public void rerouteInto(ShardRouter router, Function<String, ShardBatch<T>> batchFor) {
        int[] i = {0};
        builder.forEach(
                (buf, f) -> {
                    HashKey explicit =
                            f.hashKeyOffset() >= 0
                                    ? HashKey.fromBytes(buf, f.hashKeyOffset())
                                    : null;
                    HashKey key =
                            explicit != null
                                    ? explicit
                                    : HashKey.ofPartitionKeyBytes(
                                            buf, f.keyOffset(), f.keyLength());
                    ShardBatch<T> target = batchFor.apply(router.route(key).shardId());
                    target.builder.append(
                            buf,
                            f.keyOffset(),
                            f.keyLength(),
                            explicit,
                            buf,
                            f.dataOffset(),
                            f.dataLength(),
                            f.arrivalMillis());
                    T tag = tag(i[0]++);
                    if (target.tags != null) {
                        target.tags.add(tag);
                    }
                });
    }
}
