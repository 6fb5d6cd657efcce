package dev.brook.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Partition keys as routing needs them: checked, UTF-8 encoded and hashed (MD5), kept for recently
 * seen keys in a small direct-mapped cache. Encoding and MD5 cost more than everything else a
 * writer does per record, and real streams repeat their keys, so a writer that asks here encodes
 * and hashes each key about once. Not thread-safe: one per writing thread (it owns its digest).
 */
public final class PartitionKeyCache {
    /** A checked partition key, its UTF-8 bytes and its hash key. Immutable. */
    public static final class Entry {
        private final String key;
        private final byte[] utf8;
        private final HashKey hashKey;
        private final Long high;

        Entry(String key, byte[] utf8, HashKey hashKey) {
            this.key = key;
            this.utf8 = utf8;
            this.hashKey = hashKey;
            this.high = hashKey.high();
        }

        public String key() {
            return key;
        }

        /** The key's UTF-8 bytes; never modify them. */
        public byte[] utf8() {
            return utf8;
        }

        public HashKey hashKey() {
            return hashKey;
        }

        /** The high 64 bits of the hash key, boxed once (for Flink key selectors). */
        public Long high() {
            return high;
        }
    }

    private static final int DEFAULT_BITS = 16;

    private final Entry[] slots;
    private final int shift;
    private final MessageDigest md5 = HashKey.newMd5();

    /** A cache of 65536 keys. */
    public PartitionKeyCache() {
        this(DEFAULT_BITS);
    }

    /** A cache of {@code 2^bits} keys. */
    public PartitionKeyCache(int bits) {
        if (bits < 1 || bits > 20) {
            throw new IllegalArgumentException("cache bits must be 1 to 20, got " + bits);
        }
        this.slots = new Entry[1 << bits];
        this.shift = 32 - bits;
    }

    /**
     * The entry of a partition key: checked (1 to 256 characters, else {@link
     * BrookException#invalidArgument}), encoded and hashed, or found from an earlier call.
     */
    public Entry get(String partitionKey) {
        if (partitionKey == null) {
            PartitionKeys.validate(null); // throws, naming the rule
        }
        // Fibonacci hashing: String hash codes of similar keys differ mostly in their low bits.
        int slot = (partitionKey.hashCode() * 0x9E3779B9) >>> shift;
        Entry e = slots[slot];
        if (e != null && e.key.equals(partitionKey)) {
            return e;
        }
        PartitionKeys.validate(partitionKey);
        byte[] utf8 = partitionKey.getBytes(StandardCharsets.UTF_8);
        e = new Entry(partitionKey, utf8, HashKey.ofPartitionKeyBytes(md5, utf8, 0, utf8.length));
        slots[slot] = e;
        return e;
    }
}
