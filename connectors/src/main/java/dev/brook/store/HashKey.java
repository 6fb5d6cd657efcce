package dev.brook.store;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A 128-bit unsigned hash key, held as two longs so that routing compares without allocating. The
 * hash key of a partition key is MD5(UTF-8 bytes) read as a big-endian unsigned integer, exactly as
 * Kinesis computes it.
 */
public record HashKey(long high, long low) implements Comparable<HashKey> {
    public static final BigInteger MAX_VALUE =
            BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    public static final HashKey MIN = new HashKey(0, 0);
    public static final HashKey MAX = new HashKey(-1L, -1L);

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(HashKey::newMd5);

    public static HashKey ofPartitionKey(String partitionKey) {
        return ofMd5(MD5.get().digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
    }

    /** Hash key of a partition key already encoded as UTF-8. */
    public static HashKey ofPartitionKeyBytes(byte[] utf8, int off, int len) {
        MessageDigest md5 = MD5.get();
        md5.update(utf8, off, len);
        return ofMd5(md5.digest());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }

    private static HashKey ofMd5(byte[] d) {
        return new HashKey(readLong(d, 0), readLong(d, 8));
    }

    public static HashKey fromBytes(byte[] b, int off) {
        return new HashKey(readLong(b, off), readLong(b, off + 8));
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    /** Parses a decimal hash key, as given to {@code --explicit-hash-key}. */
    public static HashKey parse(String decimal) {
        BigInteger v;
        try {
            v = new BigInteger(decimal);
        } catch (NumberFormatException | NullPointerException e) {
            throw BrookException.invalidArgument(
                    "invalid hash key '"
                            + decimal
                            + "': must be a decimal integer from 0 to 2^128-1 ("
                            + MAX_VALUE
                            + ")");
        }
        if (v.signum() < 0 || v.compareTo(MAX_VALUE) > 0) {
            throw BrookException.invalidArgument(
                    "invalid hash key '"
                            + decimal
                            + "': must be from 0 to 2^128-1 ("
                            + MAX_VALUE
                            + ")");
        }
        return of(v);
    }

    public static HashKey of(BigInteger v) {
        return new HashKey(v.shiftRight(64).longValue(), v.longValue());
    }

    public BigInteger toBigInteger() {
        BigInteger hi = new BigInteger(Long.toUnsignedString(high));
        return hi.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
    }

    public void writeTo(byte[] b, int off) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (high >>> (56 - 8 * i));
            b[off + 8 + i] = (byte) (low >>> (56 - 8 * i));
        }
    }

    @Override
    public int compareTo(HashKey o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
