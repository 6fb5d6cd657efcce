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
            throw invalid(shardId);
        }
        long ordinal = 0;
        // ASCII digits only: Long.parseLong would also take a sign or non-ASCII digits, so
        // "shardId--00000000001" or "shardId-+00000000001" would alias or break shard ids.
        for (int i = PREFIX.length(); i < shardId.length(); i++) {
            char c = shardId.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(shardId);
            }
            ordinal = ordinal * 10 + (c - '0');
        }
        return ordinal;
    }

    private static BrookException invalid(String shardId) {
        return BrookException.invalidArgument(
                "invalid shard id '" + shardId + "': expected shardId- and 12 digits");
    }
}
