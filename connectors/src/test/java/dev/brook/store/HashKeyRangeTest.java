package dev.brook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HashKeyRangeTest {
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger MAX = TWO_128.subtract(BigInteger.ONE);

    static Stream<Integer> shardCounts() {
        return Stream.concat(
                IntStream.rangeClosed(1, 50).boxed(), Stream.of(97, 128, 1000, 4099, 10_000));
    }

    @ParameterizedTest
    @MethodSource("shardCounts")
    void evenRangesAreContiguousCoverTheSpaceAndStartAtFloorOfITimes2To128OverN(int n) {
        List<HashKeyRange> ranges = HashKeyRange.even(n);
        assertThat(ranges).hasSize(n);
        assertThat(ranges.get(0).start().toBigInteger()).isZero();
        assertThat(ranges.get(n - 1).end().toBigInteger()).isEqualTo(MAX);
        BigInteger bn = BigInteger.valueOf(n);
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger start = ranges.get(i).start().toBigInteger();
            BigInteger end = ranges.get(i).end().toBigInteger();
            assertThat(start)
                    .as("start of range %d of %d", i, n)
                    .isEqualTo(TWO_128.multiply(BigInteger.valueOf(i)).divide(bn));
            assertThat(end).as("range %d of %d is not empty", i, n).isGreaterThanOrEqualTo(start);
            if (i > 0) {
                assertThat(start)
                        .as("range %d of %d starts right after range %d", i, n, i - 1)
                        .isEqualTo(ranges.get(i - 1).end().toBigInteger().add(BigInteger.ONE));
                assertThat(ranges.get(i - 1).isFollowedBy(ranges.get(i))).isTrue();
            }
            total = total.add(end.subtract(start).add(BigInteger.ONE));
        }
        assertThat(total).isEqualTo(TWO_128);
    }

    @Test
    void kinesisThreeShardLayout() {
        List<HashKeyRange> r = HashKeyRange.even(3);
        assertThat(r.get(0).start()).hasToString("0");
        assertThat(r.get(0).end()).hasToString("113427455640312821154458202477256070484");
        assertThat(r.get(1).start()).hasToString("113427455640312821154458202477256070485");
        assertThat(r.get(1).end()).hasToString("226854911280625642308916404954512140969");
        assertThat(r.get(2).start()).hasToString("226854911280625642308916404954512140970");
        assertThat(r.get(2).end()).hasToString("340282366920938463463374607431768211455");
    }

    @Test
    void kinesisTwoAndFourShardLayouts() {
        assertThat(HashKeyRange.even(2).get(1).start())
                .hasToString("170141183460469231731687303715884105728");
        List<HashKeyRange> four = HashKeyRange.even(4);
        assertThat(four.get(1).start()).hasToString("85070591730234615865843651857942052864");
        assertThat(four.get(3).end()).hasToString("340282366920938463463374607431768211455");
    }

    @Test
    void evenWithinASubRangeStaysInsideItAndCoversIt() {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        for (int iter = 0; iter < 500; iter++) {
            BigInteger a = new BigInteger(128, rnd);
            BigInteger b = new BigInteger(128, rnd);
            BigInteger lo = a.min(b);
            BigInteger hi = a.max(b);
            BigInteger size = hi.subtract(lo).add(BigInteger.ONE);
            int n = 1 + rnd.nextInt(20);
            if (size.compareTo(BigInteger.valueOf(n)) < 0) {
                continue;
            }
            List<HashKeyRange> ranges = HashKeyRange.evenWithin(HashKey.of(lo), HashKey.of(hi), n);
            assertThat(ranges.get(0).start().toBigInteger()).as("seed %d", seed).isEqualTo(lo);
            assertThat(ranges.get(n - 1).end().toBigInteger()).as("seed %d", seed).isEqualTo(hi);
            for (int i = 1; i < n; i++) {
                assertThat(ranges.get(i - 1).isFollowedBy(ranges.get(i)))
                        .as("seed %d", seed)
                        .isTrue();
            }
        }
    }

    @Test
    void cannotSplitARangeIntoMoreShardsThanKeys() {
        HashKey five = HashKey.of(BigInteger.valueOf(5));
        HashKey seven = HashKey.of(BigInteger.valueOf(7));
        assertThat(HashKeyRange.evenWithin(five, seven, 3)).hasSize(3);
        assertThatThrownBy(() -> HashKeyRange.evenWithin(five, seven, 4))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("3 keys into 4 shards");
    }

    @Test
    void containsOverlapsAndAdjacency() {
        HashKeyRange r = range(10, 20);
        assertThat(r.contains(key(9))).isFalse();
        assertThat(r.contains(key(10))).isTrue();
        assertThat(r.contains(key(20))).isTrue();
        assertThat(r.contains(key(21))).isFalse();
        assertThat(r.overlaps(range(20, 30))).isTrue();
        assertThat(r.overlaps(range(21, 30))).isFalse();
        assertThat(r.overlaps(range(0, 9))).isFalse();
        assertThat(r.isFollowedBy(range(21, 30))).isTrue();
        assertThat(r.isFollowedBy(range(22, 30))).isFalse();
        assertThat(range(0, 9).isFollowedBy(r)).isTrue();
        assertThatThrownBy(() -> range(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    static HashKey key(long v) {
        return HashKey.of(BigInteger.valueOf(v));
    }

    static HashKeyRange range(long a, long b) {
        return new HashKeyRange(key(a), key(b));
    }
}
