package dev.brook.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardRouterTest {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /**
     * A random layout as resharding leaves it: open shards that tile the key space (made by random
     * splits and even layouts), plus closed shards with overlapping ranges the router must ignore.
     */
    static StreamMetadata randomLayout(Random rnd) {
        List<HashKeyRange> open = new ArrayList<>();
        if (rnd.nextBoolean()) {
            open.addAll(HashKeyRange.even(1 + rnd.nextInt(40)));
        } else {
            open.add(new HashKeyRange(HashKey.MIN, HashKey.MAX));
        }
        int splits = rnd.nextInt(30);
        for (int i = 0; i < splits; i++) {
            int idx = rnd.nextInt(open.size());
            HashKeyRange r = open.get(idx);
            BigInteger s = r.start().toBigInteger();
            BigInteger size = r.end().toBigInteger().subtract(s);
            if (size.signum() == 0) {
                continue;
            }
            // split point in (start, end]
            BigInteger at = s.add(BigInteger.ONE).add(randomBelow(rnd, size));
            open.set(idx, new HashKeyRange(r.start(), HashKey.of(at.subtract(BigInteger.ONE))));
            open.add(idx + 1, new HashKeyRange(HashKey.of(at), r.end()));
        }
        List<ShardMetadata> shards = new ArrayList<>();
        int ord = 0;
        // Closed shards first, with ranges that overlap the open ones.
        for (HashKeyRange r : HashKeyRange.even(1 + rnd.nextInt(5))) {
            shards.add(new ShardMetadata(ShardIds.format(ord++), r, List.of(), 1, 2L));
        }
        List<HashKeyRange> shuffled = new ArrayList<>(open);
        Collections.shuffle(shuffled, rnd); // the router must not rely on metadata order
        for (HashKeyRange r : shuffled) {
            shards.add(new ShardMetadata(ShardIds.format(ord++), r, List.of(), 2, null));
        }
        return new StreamMetadata("s", 2, 0, 1, 1, 1, ord, shards, Map.of());
    }

    static BigInteger randomBelow(Random rnd, BigInteger bound) {
        BigInteger v;
        do {
            v = new BigInteger(bound.bitLength(), rnd);
        } while (v.compareTo(bound) >= 0);
        return v;
    }

    @Test
    void everyKeyGoesToTheUniqueOpenShardWhoseRangeHoldsIt() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        PartitionKeyCache cache = new PartitionKeyCache();
        for (int layout = 0; layout < 200; layout++) {
            StreamMetadata m = randomLayout(rnd);
            ShardRouter router = new ShardRouter(m);
            List<BigInteger> keys = new ArrayList<>();
            for (ShardMetadata s : m.openShards()) { // every boundary, and its neighbours
                BigInteger a = s.hashKeyRange().start().toBigInteger();
                BigInteger b = s.hashKeyRange().end().toBigInteger();
                keys.add(a);
                keys.add(b);
                if (a.signum() > 0) {
                    keys.add(a.subtract(BigInteger.ONE));
                }
                if (b.compareTo(MAX) < 0) {
                    keys.add(b.add(BigInteger.ONE));
                }
            }
            for (int i = 0; i < 200; i++) {
                keys.add(new BigInteger(128, rnd));
            }
            for (BigInteger k : keys) {
                HashKey key = HashKey.of(k);
                List<ShardMetadata> holders =
                        m.openShards().stream()
                                .filter(s -> s.hashKeyRange().contains(key))
                                .toList();
                assertThat(holders).as("layout is a tiling, seed %d", seed).hasSize(1);
                assertThat(router.route(key).shardId())
                        .as("key %s, seed %d", k, seed)
                        .isEqualTo(holders.get(0).shardId());
            }
            for (int i = 0; i < 50; i++) {
                String pk = TestSupport.randomKey(rnd, 40);
                HashKey key = HashKey.of(HashKeyTest.md5(pk));
                ShardMetadata expected =
                        m.openShards().stream()
                                .filter(s -> s.hashKeyRange().contains(key))
                                .findFirst()
                                .orElseThrow();
                assertThat(router.route(pk).shardId())
                        .as("partition key %s, seed %d", pk, seed)
                        .isEqualTo(expected.shardId());
                // The writers' way: through the key cache's entry.
                assertThat(router.shard(cache.get(pk).shardIndex(router)).shardId())
                        .as("cached partition key %s, seed %d", pk, seed)
                        .isEqualTo(expected.shardId());
            }
        }
    }

    @Test
    void manyShardsRouteRightWhereShardBoundariesCutTheTopBitsTable() {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        // More shards than the table has parts: most parts are cut by a boundary and searched.
        for (int count : new int[] {3, 1000, 20_000}) {
            List<HashKeyRange> ranges = HashKeyRange.even(count);
            List<ShardMetadata> shards = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                shards.add(
                        new ShardMetadata(ShardIds.format(i), ranges.get(i), List.of(), 1, null));
            }
            ShardRouter router =
                    new ShardRouter(
                            new StreamMetadata("s", 1, 0, 1, 1, 1, count, shards, Map.of()));
            for (int t = 0; t < 2_000; t++) {
                int i = rnd.nextInt(count);
                HashKeyRange r = ranges.get(i);
                HashKey key =
                        switch (t % 3) {
                            case 0 -> r.start();
                            case 1 -> r.end();
                            default ->
                                    HashKey.of(
                                            r.start()
                                                    .toBigInteger()
                                                    .add(
                                                            randomBelow(
                                                                    rnd,
                                                                    r.end()
                                                                            .toBigInteger()
                                                                            .subtract(
                                                                                    r.start()
                                                                                            .toBigInteger())
                                                                            .add(BigInteger.ONE))));
                        };
                assertThat(router.indexOf(key))
                        .as("%d shards, key %s, seed %d", count, key, seed)
                        .isEqualTo(i);
            }
        }
    }

    @Test
    void kinesisThreeShardRouting() {
        StreamMetadata m =
                new StreamMetadata(
                        "s",
                        1,
                        0,
                        1,
                        1,
                        1,
                        3,
                        List.of(
                                shard(0, HashKeyRange.even(3).get(0)),
                                shard(1, HashKeyRange.even(3).get(1)),
                                shard(2, HashKeyRange.even(3).get(2))),
                        Map.of());
        ShardRouter router = new ShardRouter(m);
        String first = "113427455640312821154458202477256070485";
        String second = "226854911280625642308916404954512140970";
        assertThat(router.route(HashKey.parse(first)).shardId()).isEqualTo("shardId-000000000001");
        assertThat(
                        router.route(HashKey.of(new BigInteger(first).subtract(BigInteger.ONE)))
                                .shardId())
                .isEqualTo("shardId-000000000000");
        assertThat(router.route(HashKey.parse(second)).shardId()).isEqualTo("shardId-000000000002");
        assertThat(
                        router.route(HashKey.of(new BigInteger(second).subtract(BigInteger.ONE)))
                                .shardId())
                .isEqualTo("shardId-000000000001");
        assertThat(router.route(HashKey.MAX).shardId()).isEqualTo("shardId-000000000002");
        assertThat(router.route(HashKey.MIN).shardId()).isEqualTo("shardId-000000000000");
    }

    private static ShardMetadata shard(int ord, HashKeyRange r) {
        return new ShardMetadata(ShardIds.format(ord), r, List.of(), 1, null);
    }
}
