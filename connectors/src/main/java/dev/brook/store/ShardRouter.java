package dev.brook.store;

import java.util.Comparator;
import java.util.List;

/** Routes a hash key to the open shard whose range holds it, by binary search over the layout. */
public final class ShardRouter {
    private final StreamMetadata metadata;
    private final ShardMetadata[] open;

    public ShardRouter(StreamMetadata metadata) {
        this.metadata = metadata;
        List<ShardMetadata> shards =
                metadata.openShards().stream()
                        .sorted(Comparator.comparing(s -> s.hashKeyRange().start()))
                        .toList();
        this.open = shards.toArray(new ShardMetadata[0]);
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
        int lo = 0;
        int hi = open.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            HashKeyRange r = open[mid].hashKeyRange();
            if (key.compareTo(r.start()) < 0) {
                hi = mid - 1;
            } else if (key.compareTo(r.end()) > 0) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        throw new IllegalStateException(
                "open shards of " + metadata.streamName() + " do not cover hash key " + key);
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
