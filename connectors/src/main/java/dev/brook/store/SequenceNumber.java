package dev.brook.store;

/**
 * A record's sequence number: a fixed-width decimal string of {@value #LENGTH} digits, the shard's
 * ordinal (12 digits) followed by the record's dense offset in the shard (20 digits). Being fixed
 * width, string order is numeric order; a child shard has a higher ordinal than its parents, so its
 * numbers are larger. This is the only place that knows the encoding.
 */
public record SequenceNumber(long shardOrdinal, long offset) implements Comparable<SequenceNumber> {
    public static final int ORDINAL_DIGITS = 12;
    public static final int OFFSET_DIGITS = 20;
    public static final int LENGTH = ORDINAL_DIGITS + OFFSET_DIGITS;
    public static final long MAX_ORDINAL = 999_999_999_999L;

    public SequenceNumber {
        if (shardOrdinal < 0 || shardOrdinal > MAX_ORDINAL || offset < 0) {
            throw new IllegalArgumentException(
                    "sequence number out of range: shard " + shardOrdinal + ", offset " + offset);
        }
    }

    public static SequenceNumber parse(String s) {
        if (s == null || s.length() != LENGTH) {
            throw BrookException.invalidArgument(
                    "invalid sequence number '" + s + "': must be " + LENGTH + " decimal digits");
        }
        for (int i = 0; i < LENGTH; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw BrookException.invalidArgument(
                        "invalid sequence number '"
                                + s
                                + "': must be "
                                + LENGTH
                                + " decimal digits");
            }
        }
        long offset;
        try {
            offset = Long.parseLong(s, ORDINAL_DIGITS, LENGTH, 10);
        } catch (NumberFormatException e) {
            throw BrookException.invalidArgument(
                    "invalid sequence number '" + s + "': offset part exceeds " + Long.MAX_VALUE);
        }
        return new SequenceNumber(Long.parseLong(s, 0, ORDINAL_DIGITS, 10), offset);
    }

    @Override
    public String toString() {
        char[] c = new char[LENGTH];
        fill(c, 0, ORDINAL_DIGITS, shardOrdinal);
        fill(c, ORDINAL_DIGITS, OFFSET_DIGITS, offset);
        return new String(c);
    }

    private static void fill(char[] c, int from, int digits, long v) {
        for (int i = from + digits - 1; i >= from; i--) {
            c[i] = (char) ('0' + (v % 10));
            v /= 10;
        }
    }

    @Override
    public int compareTo(SequenceNumber o) {
        int c = Long.compare(shardOrdinal, o.shardOrdinal);
        return c != 0 ? c : Long.compare(offset, o.offset);
    }
}
