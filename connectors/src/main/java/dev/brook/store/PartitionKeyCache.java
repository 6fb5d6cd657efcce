package dev.brook.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Partition keys as routing needs them: checked, UTF-8 encoded and hashed (MD5), kept for recently
 * seen keys. Encoding and MD5 cost more than everything else a writer does per record, and real
 * streams repeat their keys, so a writer that asks here encodes and hashes each key about once.
 *
 * <p>An open-addressing table (linear probing, at most half full): every key of a working set that
 * fits stays until the table fills up, which then starts over empty. A direct-mapped cache would be
 * simpler, but keys that share a slot evict each other on every use: with 10 000 keys in 65 536
 * slots, one lookup in twenty hashed its key again.
 *
 * <p>Safe to share between threads: entries are immutable and looked up by their key, so racing
 * callers at worst hash a key twice or lose an entry to the other's write. The writers of one JVM
 * (of one class loader: in Flink, of one job on a TaskManager) share {@link #shared() one cache}: a
 * routed sink looks every key up twice, in its partitioner and in its writer, and a lookup costs
 * little only while the entries stay in the CPU's caches. One copy of them instead of one per
 * writer and partitioner made a routed 100-byte sink job 25% faster here.
 *
 * <p>A {@code Producer}, whose calling thread does nothing else per record, keeps its own {@link
 * PartitionKeyTable} in front of this cache: fewer memory reads per key, at the cost of a second
 * copy of its keys.
 */
public final class PartitionKeyCache {
    /** A checked partition key, its UTF-8 bytes and its hash key. Immutable. */
    public static final class Entry {
        private final String key;
        private final int keyHash;
        private final byte[] utf8;

        /** True if every character is ASCII: then {@link #utf8} holds the characters as bytes. */
        private final boolean ascii;

        private final HashKey hashKey;

        /** The hash key's halves, also here: routing a record then reads one object less. */
        private final long hashHigh;

        private final long hashLow;
        private final Long high;

        Entry(String key, byte[] utf8, HashKey hashKey) {
            this.key = key;
            this.keyHash = key.hashCode();
            this.utf8 = utf8;
            this.ascii = utf8.length == key.length();
            this.hashKey = hashKey;
            this.hashHigh = hashKey.high();
            this.hashLow = hashKey.low();
            this.high = hashHigh;
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

        /** The open shard this key routes to, by {@link ShardRouter#indexOf(HashKey)}. */
        public int shardIndex(ShardRouter router) {
            return router.indexOf(hashHigh, hashLow);
        }

        /** The high 64 bits of the hash key, boxed once (for Flink key selectors). */
        public Long high() {
            return high;
        }
    }

    private static final int DEFAULT_BITS = 16;

    private static final PartitionKeyCache SHARED = new PartitionKeyCache();

    /** Probes before a lookup gives up (only racing writers can make a chain this long). */
    private static final int MAX_PROBES = 64;

    private final Entry[] slots;
    private final int mask;
    private final int shift;
    private final int maxEntries;
    private int entries;

    /** The cache every writer of this class loader shares. */
    public static PartitionKeyCache shared() {
        return SHARED;
    }

    /** A cache of up to 32 768 keys. */
    public PartitionKeyCache() {
        this(DEFAULT_BITS);
    }

    /** A cache of up to {@code 2^(bits - 1)} keys. */
    public PartitionKeyCache(int bits) {
        if (bits < 1 || bits > 20) {
            throw new IllegalArgumentException("cache bits must be 1 to 20, got " + bits);
        }
        this.slots = new Entry[1 << bits];
        this.mask = slots.length - 1;
        this.shift = 32 - bits;
        this.maxEntries = Math.max(1, slots.length / 2);
    }

    /**
     * The entry of a partition key: checked (1 to 256 characters, else {@link
     * BrookException#invalidArgument}), encoded and hashed, or found from an earlier call.
     */
    public Entry get(String partitionKey) {
        if (partitionKey == null) {
            PartitionKeys.validate(null); // throws, naming the rule
        }
        int h = partitionKey.hashCode();
        // Fibonacci hashing: String hash codes of similar keys differ mostly in their low bits.
        int slot = (h * 0x9E3779B9) >>> shift;
        Entry[] s = slots;
        for (int probes = 0; probes < MAX_PROBES; probes++) {
            Entry e = s[slot];
            if (e == null) {
                break;
            }
            if (e.keyHash == h && (e.key == partitionKey || sameKey(e, partitionKey))) {
                return e;
            }
            slot = (slot + 1) & mask;
        }
        return add(partitionKey, h);
    }

    /**
     * Compares an equal-hashed key with an entry's, reading the entry's UTF-8 bytes (which the
     * caller reads next anyway) rather than its String: a writer given a new String per record (as
     * Flink's deserializers make) then does not touch two more objects in memory per record.
     */
    private static boolean sameKey(Entry e, String key) {
        return e.ascii
                ? PartitionKeys.equalsAscii(key, e.utf8, 0, e.utf8.length)
                : e.key.equals(key);
    }

    private Entry add(String partitionKey, int h) {
        PartitionKeys.validate(partitionKey);
        byte[] utf8 = partitionKey.getBytes(StandardCharsets.UTF_8);
        Entry e = new Entry(partitionKey, utf8, HashKey.ofPartitionKeyBytes(utf8, 0, utf8.length));
        if (entries >= maxEntries) {
            Arrays.fill(slots, null);
            entries = 0;
        }
        int slot = (h * 0x9E3779B9) >>> shift;
        for (int probes = 0; probes < MAX_PROBES; probes++) {
            if (slots[slot] == null) {
                slots[slot] = e;
                entries++;
                return e;
            }
            slot = (slot + 1) & mask;
        }
        return e; // a chain grown long by racing writers: leave this key out
    }
}
