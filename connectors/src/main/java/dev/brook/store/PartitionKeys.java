package dev.brook.store;

/** Partition key rules, as Kinesis has them: 1 to 256 Unicode characters. */
public final class PartitionKeys {
    public static final int MAX_LENGTH = 256;

    private PartitionKeys() {}

    public static String validate(String partitionKey) {
        if (partitionKey == null || partitionKey.isEmpty()) {
            throw BrookException.invalidArgument(
                    "partition key must not be empty (1 to " + MAX_LENGTH + " characters)");
        }
        int chars = partitionKey.codePointCount(0, partitionKey.length());
        if (chars > MAX_LENGTH) {
            throw BrookException.invalidArgument(
                    "partition key has " + chars + " characters; the limit is " + MAX_LENGTH);
        }
        return partitionKey;
    }

    /**
     * True if {@code key} has exactly {@code len} characters, equal to the ASCII bytes of {@code b}
     * from {@code off}: a key's encoded bytes compared with a String without encoding it.
     */
    static boolean equalsAscii(String key, byte[] b, int off, int len) {
        if (key.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (key.charAt(i) != b[off + i]) {
                return false;
            }
        }
        return true;
    }
}
