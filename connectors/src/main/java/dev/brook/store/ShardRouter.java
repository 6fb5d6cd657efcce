package dev.brook.store;

import java.util.Comparator;
import java.util.List;

/**
 * Routes a hash key to the open shard whose range holds it, by binary search over the layout. The
 * ranges are also kept as arrays of longs, so that routing a record reads no objects.
 */
public final class ShardRouter {
    private final StreamMetadata metadata;
    private final ShardMetadata[] open;
    private final long[] startHigh;
    private final long[] startLow;
    private final long[] endHigh;
    private final long[] endLow;

    public ShardRouter(StreamMetadata metadata) {
        this.metadata = metadata;
        List<ShardMetadata> shards =
                metadata.openShards().stream()
                        .sorted(Comparator.comparing(s -> s.hashKeyRange().start()))
                        .toList();
        this.open = shards.toArray(new ShardMetadata[0]);
        int n = open.length;
        startHigh = new long[n];
        startLow = new long[n];
        endHigh = new long[n];
        endLow = new long[n];
        for (int i = 0; i < n; i++) {
            HashKeyRange r = open[i].hashKeyRange();
            startHigh[i] = r.start().high();
            startLow[i] = r.start().low();
            endHigh[i] = r.end().high();
            endLow[i] = r.end().low();
        }
    }

    public StreamMetadata metadata() {
        return metadata;
    }

    public ShardMetadata route(HashKey key) {
        return open[indexOf(key)];
    }

    /**
     * The position, in hash key order, of the open shard whose range holds {@code key}: an index
     * for {@link #shard(int)}, for callers that keep per-shard state in an array.
     */
    public int indexOf(HashKey key) {
        return indexOf(key.high(), key.low());
    }

    /** {@link #indexOf(HashKey)} of the hash key {@code high:low}. */
    public int indexOf(long high, long low) {
        int lo = 0;
        int hi = startHigh.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(high, low, startHigh[mid], startLow[mid]) < 0) {
                hi = mid - 1;
            } else if (compare(high, low, endHigh[mid], endLow[mid]) > 0) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        throw new IllegalStateException(
                "open shards of "
                        + metadata.streamName()
                        + " do not cover hash key "
                        + new HashKey(high, low));
    }

    private static int compare(long high, long low, long otherHigh, long otherLow) {
        int c = Long.compareUnsigned(high, otherHigh);
        return c != 0 ? c : Long.compareUnsigned(low, otherLow);
    }

    /** Number of open shards. */
    public int size() {
        return open.length;
    }

    /** The open shard at position {@code index} in hash key order. */
    public ShardMetadata shard(int index) {
        return open[index];
    }

    public ShardMetadata route(String partitionKey) {
        return route(HashKey.ofPartitionKey(partitionKey));
    }
}
