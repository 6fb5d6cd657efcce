package dev.brook.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** An inclusive range of hash keys, {@code [start, end]}. */
public record HashKeyRange(HashKey start, HashKey end) {
    private static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);

    public HashKeyRange {
        if (start.compareTo(end) > 0) {
            throw new IllegalArgumentException("empty hash key range " + start + ".." + end);
        }
    }

    @JsonCreator
    static HashKeyRange fromJson(
            @JsonProperty("StartingHashKey") String start,
            @JsonProperty("EndingHashKey") String end) {
        return new HashKeyRange(HashKey.parse(start), HashKey.parse(end));
    }

    @JsonProperty("StartingHashKey")
    String startJson() {
        return start.toString();
    }

    @JsonProperty("EndingHashKey")
    String endJson() {
        return end.toString();
    }

    /**
     * Splits the whole key space into {@code n} ranges as Kinesis does: range {@code i} starts at
     * {@code floor(i * 2^128 / n)} and ends one before the next start, so when {@code n} does not
     * divide 2^128 the remainder is spread one key at a time and the last range ends at 2^128-1.
     */
    public static List<HashKeyRange> even(int n) {
        return evenWithin(HashKey.MIN, HashKey.MAX, n);
    }

    /** Splits {@code [from, to]} into {@code n} ranges, with the same rounding as {@link #even}. */
    public static List<HashKeyRange> evenWithin(HashKey from, HashKey to, int n) {
        BigInteger lo = from.toBigInteger();
        BigInteger size = to.toBigInteger().subtract(lo).add(BigInteger.ONE);
        if (size.compareTo(BigInteger.valueOf(n)) < 0) {
            throw BrookException.invalidArgument(
                    "cannot split a hash key range of " + size + " keys into " + n + " shards");
        }
        List<HashKeyRange> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BigInteger s =
                    lo.add(size.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n)));
            BigInteger e =
                    lo.add(size.multiply(BigInteger.valueOf(i + 1)).divide(BigInteger.valueOf(n)))
                            .subtract(BigInteger.ONE);
            ranges.add(new HashKeyRange(HashKey.of(s), HashKey.of(e)));
        }
        return ranges;
    }

    public static BigInteger keySpace() {
        return SPACE;
    }

    public boolean contains(HashKey key) {
        return start.compareTo(key) <= 0 && key.compareTo(end) <= 0;
    }

    public boolean overlaps(HashKeyRange o) {
        return start.compareTo(o.end) <= 0 && o.start.compareTo(end) <= 0;
    }

    /** True if {@code o} starts right after this range ends. */
    public boolean isFollowedBy(HashKeyRange o) {
        return end.toBigInteger().add(BigInteger.ONE).equals(o.start.toBigInteger());
    }
}
