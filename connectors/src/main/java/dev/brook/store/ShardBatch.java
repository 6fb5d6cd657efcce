package dev.brook.store;

import dev.brook.store.segment.SegmentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Records bound for one shard, framed and ready to publish as one segment, each with a tag (a
 * future, an index in a request) that follows it if it has to be re-routed after a reshard. A
 * record's tag may be null; the tag list is only made when the first record with a tag comes, so a
 * batch of untagged records costs nothing per record beyond its framing.
 */
public final class ShardBatch<T> {
    private final String shardId;
    private final SegmentBuilder builder;

    /** One tag per record, or null while every record's tag is null. */
    private List<T> tags;

    /** Room for tags to make when the tag list is made. */
    private final int expectedRecords;

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
        this.expectedRecords = Math.max(0, expectedRecords);
    }

    /**
     * A batch for records without tags that fills {@code builder}, which must be empty (e.g. a
     * cleared, reused one).
     */
    public static <T> ShardBatch<T> untagged(String shardId, SegmentBuilder builder) {
        return new ShardBatch<>(shardId, builder, 0);
    }

    public String shardId() {
        return shardId;
    }

    public SegmentBuilder builder() {
        return builder;
    }

    /** The tag of the {@code i}-th record (null if it has none). */
    public T tag(int i) {
        return tags == null ? null : tags.get(i);
    }

    /** True if any record has a tag. */
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
        add(key, 0, key.length, explicitHashKey, data, off, len, tag);
    }

    /** Adds a record whose key is {@code keyLen} bytes of {@code key} from {@code keyOff}. */
    public void add(
            byte[] key,
            int keyOff,
            int keyLen,
            HashKey explicitHashKey,
            byte[] data,
            int off,
            int len,
            T tag) {
        builder.append(key, keyOff, keyLen, explicitHashKey, data, off, len, 0L);
        tagLast(tag);
    }

    /** Tags the record just appended. */
    private void tagLast(T tag) {
        if (tags == null) {
            if (tag == null) {
                return;
            }
            int before = builder.count() - 1;
            tags = new ArrayList<>(Math.max(expectedRecords, before + 1));
            for (int i = 0; i < before; i++) {
                tags.add(null);
            }
        }
        tags.add(tag);
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
                    target.tagLast(tag(i[0]++));
                });
    }
}
