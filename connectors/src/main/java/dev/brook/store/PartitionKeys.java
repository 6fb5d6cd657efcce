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
}
