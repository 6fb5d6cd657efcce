package dev.brook.store;

/** Shard ids as Kinesis writes them: {@code shardId-} and a 12-digit ordinal, never reused. */
public final class ShardIds {
    private static final String PREFIX = "shardId-";

    private ShardIds() {}

    public static String format(long ordinal) {
        return String.format("%s%012d", PREFIX, ordinal);
    }

    public static long ordinal(String shardId) {
        if (shardId == null
                || shardId.length() != PREFIX.length() + 12
                || !shardId.startsWith(PREFIX)) {
            throw BrookException.invalidArgument(
                    "invalid shard id '" + shardId + "': expected shardId- and 12 digits");
        }
        try {
            return Long.parseLong(shardId.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            throw BrookException.invalidArgument(
                    "invalid shard id '" + shardId + "': expected shardId- and 12 digits");
        }
    }
}
