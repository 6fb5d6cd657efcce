package dev.brook.store;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Split, merge and uniform scaling. Each publishes one new metadata version that closes the parents
 * and adds the children (no-replace, so concurrent reshards cannot both win), then seals every
 * parent so that no write lands in it afterwards; writers that lose to the seal re-route.
 */
final class Resharder {
    private static final Logger LOG = LoggerFactory.getLogger(Resharder.class);
    private final BrookStore store;

    Resharder(BrookStore store) {
        this.store = store;
    }

    List<ShardMetadata> split(String stream, String shardId, HashKey at) {
        while (true) {
            StreamMetadata m = store.metadata(stream);
            ShardMetadata parent = requireOpen(m, shardId);
            HashKeyRange r = parent.hashKeyRange();
            if (at.compareTo(r.start()) <= 0 || at.compareTo(r.end()) > 0) {
                throw BrookException.invalidArgument(
                        "new starting hash key "
                                + at
                                + " must be greater than "
                                + r.start()
                                + " and at most "
                                + r.end()
                                + ", the range of "
                                + shardId);
            }
            HashKey before = HashKey.of(at.toBigInteger().subtract(BigInteger.ONE));
            long ord = m.nextShardOrdinal();
            List<ShardMetadata> children =
                    List.of(
                            child(m, ord, new HashKeyRange(r.start(), before), List.of(shardId)),
                            child(m, ord + 1, new HashKeyRange(at, r.end()), List.of(shardId)));
            if (commit(m, List.of(shardId), children)) {
                return children;
            }
        }
    }

    ShardMetadata merge(String stream, String shardId, String adjacentId) {
        while (true) {
            StreamMetadata m = store.metadata(stream);
            ShardMetadata a = requireOpen(m, shardId);
            ShardMetadata b = requireOpen(m, adjacentId);
            HashKeyRange range;
            if (a.hashKeyRange().isFollowedBy(b.hashKeyRange())) {
                range = new HashKeyRange(a.hashKeyRange().start(), b.hashKeyRange().end());
            } else if (b.hashKeyRange().isFollowedBy(a.hashKeyRange())) {
                range = new HashKeyRange(b.hashKeyRange().start(), a.hashKeyRange().end());
            } else {
                throw BrookException.invalidArgument(
                        "shards "
                                + shardId
                                + " and "
                                + adjacentId
                                + " are not adjacent: their hash key ranges must touch");
            }
            ShardMetadata child =
                    child(m, m.nextShardOrdinal(), range, List.of(shardId, adjacentId));
            if (commit(m, List.of(shardId, adjacentId), List.of(child))) {
                return child;
            }
        }
    }

    List<ShardMetadata> updateShardCount(String stream, int target) {
        while (true) {
            StreamMetadata m = store.metadata(stream);
            List<ShardMetadata> open = m.openShards();
            int current = open.size();
            if (target < 1 || target > 10_000) {
                throw BrookException.invalidArgument(
                        "target shard count " + target + " is out of range: 1 to 10000");
            }
            if (target > 2 * current || 2 * target < current) {
                throw BrookException.invalidArgument(
                        "target shard count "
                                + target
                                + " must be between half and double the current "
                                + current
                                + " open shards (as Kinesis' UpdateShardCount)");
            }
            if (target == current && isEven(open)) {
                return open;
            }
            List<HashKeyRange> ranges = HashKeyRange.even(target);
            List<ShardMetadata> children = new ArrayList<>();
            for (int i = 0; i < target; i++) {
                HashKeyRange r = ranges.get(i);
                List<String> parents =
                        open.stream()
                                .filter(p -> p.hashKeyRange().overlaps(r))
                                .map(ShardMetadata::shardId)
                                .toList();
                children.add(child(m, m.nextShardOrdinal() + i, r, parents));
            }
            List<String> closing = open.stream().map(ShardMetadata::shardId).toList();
            if (commit(m, closing, children)) {
                return children;
            }
        }
    }

    private static boolean isEven(List<ShardMetadata> open) {
        List<HashKeyRange> even = HashKeyRange.even(open.size());
        List<HashKeyRange> actual =
                open.stream()
                        .map(ShardMetadata::hashKeyRange)
                        .sorted((x, y) -> x.start().compareTo(y.start()))
                        .toList();
        return even.equals(actual);
    }

    private static ShardMetadata child(
            StreamMetadata m, long ordinal, HashKeyRange range, List<String> parents) {
        return new ShardMetadata(ShardIds.format(ordinal), range, parents, m.version() + 1, null);
    }

    private static ShardMetadata requireOpen(StreamMetadata m, String shardId) {
        ShardMetadata s = m.requireShard(shardId);
        if (!s.isOpen()) {
            throw BrookException.inUse(
                    "shard "
                            + shardId
                            + " of stream "
                            + m.streamName()
                            + " is closed; only open shards can be resharded");
        }
        return s;
    }

    /** Publishes the new layout, then seals the parents. False if another change won. */
    private boolean commit(StreamMetadata m, List<String> parents, List<ShardMetadata> children) {
        if (!store.publishMetadata(m.reshard(parents, children))) {
            return false;
        }
        for (String p : parents) {
            try {
                long at = store.shardLog(m.streamName(), p).seal();
                LOG.info("Stream {}: sealed {} at offset {}", m.streamName(), p, at);
            } catch (IOException e) {
                throw BrookException.io("could not seal shard " + p, e);
            }
        }
        LOG.info(
                "Stream {}: resharded {} into {}",
                m.streamName(),
                parents,
                children.stream().map(ShardMetadata::shardId).toList());
        return true;
    }
}
