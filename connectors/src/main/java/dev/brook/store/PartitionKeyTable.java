package dev.brook.store;

/**
 * One writer's partition keys, laid out so that a key seen before costs as few dependent memory
 * reads as possible: its UTF-8 bytes and its shard sit in one 32-byte slot of a flat array, found
 * from the key's String directly.
 *
 * <p>Why: a {@link PartitionKeyCache} lookup follows the String to a table slot, the slot to an
 * entry, and the entry to the key's bytes. With 10 000 keys and a stream of records going through
 * the CPU caches, each of these reads misses them, and each waits for the one before: in a profile
 * of {@code Producer.write}, they were two thirds of the calling thread's time. Here the String
 * leads to a slot number, and the slot's key reference and bytes are read side by side.
 *
 * <p>Not thread-safe: a writer uses its own table under its own lock (a shared one would need every
 * slot to be read and written atomically). Keys are checked, encoded and hashed by the shared
 * {@link PartitionKeyCache}, once per key per JVM. A slot number is valid until the next {@link
 * #find}. The shard cached with a key belongs to one {@link ShardRouter}: a writer that changes
 * routers calls {@link #forgetShards}.
 *
 * <p>Open addressing (linear probing, at most half full), starting small and doubling up to {@value
 * #MAX_BITS} bits (32 768 keys, 2.75 MiB); once that is half full, the table starts over empty.
 */
public final class PartitionKeyTable {
    /** Bytes of a slot: the cached shard (2), the key's length (1), the key's bytes (29). */
    static final int SLOT_BYTES = 32;

    private static final int SHARD = 0;
    private static final int LENGTH = 2;
    private static final int KEY = 3;

    /** Longest key kept in its slot; longer keys are read from their {@link #entries entry}. */
    static final int MAX_INLINE_KEY = SLOT_BYTES - KEY;

    /** The slot's key is not inline: its bytes are its entry's. */
    private static final int NOT_INLINE = 0xFF;

    /** The highest shard index a slot can cache (as index + 1 in two bytes). */
    private static final int MAX_CACHED_SHARD = 0xFFFF - 1;

    private static final int MIN_BITS = 6;
    static final int MAX_BITS = 16;

    private final PartitionKeyCache source;
    private String[] keys;
    private int[] hashes;
    private PartitionKeyCache.Entry[] entries;
    private byte[] slots;
    private int shift;
    private int mask;
    private int size;

    public PartitionKeyTable(PartitionKeyCache source) {
        this.source = source;
        allocate(MIN_BITS);
    }

    private void allocate(int bits) {
        int n = 1 << bits;
        keys = new String[n];
        hashes = new int[n];
        entries = new PartitionKeyCache.Entry[n];
        slots = new byte[n * SLOT_BYTES];
        shift = 32 - bits;
        mask = n - 1;
        size = 0;
    }

    /**
     * The slot of a partition key: checked (1 to 256 characters, else {@link
     * BrookException#invalidArgument}), encoded and hashed, or found from an earlier call.
     */
    public int find(String partitionKey) {
        if (partitionKey == null) {
            PartitionKeys.validate(null); // throws, naming the rule
        }
        int h = partitionKey.hashCode();
        int slot = home(h);
        while (true) {
            String k = keys[slot];
            if (k == partitionKey) {
                return slot;
            }
            if (k == null) {
                return add(partitionKey, h);
            }
            if (hashes[slot] == h && sameKey(slot, partitionKey)) {
                // A new String of a known key (deserializers make one per record): keep the
                // newest, which the next record of the key is likely to share.
                keys[slot] = partitionKey;
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean sameKey(int slot, String key) {
        int length = slots[slot * SLOT_BYTES + LENGTH] & 0xFF;
        // Inline keys are ASCII: one byte per character.
        return length == NOT_INLINE
                ? entries[slot].key().equals(key)
                : PartitionKeys.equalsAscii(key, slots, slot * SLOT_BYTES + KEY, length);
    }

    private int add(String partitionKey, int h) {
        PartitionKeyCache.Entry e = source.get(partitionKey); // checks the key: may throw
        if (size + 1 > (mask + 1) / 2) {
            int bits = 32 - shift;
            if (bits < MAX_BITS) {
                grow(bits + 1);
            } else {
                allocate(bits);
            }
        }
        int slot = freeSlot(h);
        keys[slot] = partitionKey;
        hashes[slot] = h;
        entries[slot] = e;
        byte[] utf8 = e.utf8();
        int p = slot * SLOT_BYTES;
        if (utf8.length <= MAX_INLINE_KEY && utf8.length == partitionKey.length()) {
            slots[p + LENGTH] = (byte) utf8.length;
            System.arraycopy(utf8, 0, slots, p + KEY, utf8.length);
        } else {
            slots[p + LENGTH] = (byte) NOT_INLINE;
        }
        size++;
        return slot;
    }

    /** Where a key's probe starts. */
    private int home(int keyHash) {
        // Fibonacci hashing: String hash codes of similar keys differ mostly in their low bits.
        return (keyHash * 0x9E3779B9) >>> shift;
    }

    private int freeSlot(int h) {
        int slot = home(h);
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Moves every key, with its slot's bytes, to a table of {@code 2^bits} slots. */
    private void grow(int bits) {
        String[] oldKeys = keys;
        int[] oldHashes = hashes;
        PartitionKeyCache.Entry[] oldEntries = entries;
        byte[] oldSlots = slots;
        allocate(bits);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = freeSlot(oldHashes[i]);
                keys[slot] = oldKeys[i];
                hashes[slot] = oldHashes[i];
                entries[slot] = oldEntries[i];
                System.arraycopy(oldSlots, i * SLOT_BYTES, slots, slot * SLOT_BYTES, SLOT_BYTES);
                size++;
            }
        }
    }

    /** The array holding the UTF-8 bytes of the key in {@code slot}, from {@link #keyOffset}. */
    public byte[] keyBytes(int slot) {
        return (slots[slot * SLOT_BYTES + LENGTH] & 0xFF) == NOT_INLINE
                ? entries[slot].utf8()
                : slots;
    }

    public int keyOffset(int slot) {
        return (slots[slot * SLOT_BYTES + LENGTH] & 0xFF) == NOT_INLINE
                ? 0
                : slot * SLOT_BYTES + KEY;
    }

    public int keyLength(int slot) {
        int length = slots[slot * SLOT_BYTES + LENGTH] & 0xFF;
        return length == NOT_INLINE ? entries[slot].utf8().length : length;
    }

    /** The entry of the key in {@code slot} (for tests). */
    PartitionKeyCache.Entry entry(int slot) {
        return entries[slot];
    }

    /** The open shard the key in {@code slot} routes to: {@code router.indexOf} its hash key. */
    public int shardIndex(int slot, ShardRouter router) {
        int p = slot * SLOT_BYTES + SHARD;
        int cached = ((slots[p] & 0xFF) << 8) | (slots[p + 1] & 0xFF);
        if (cached != 0) {
            return cached - 1;
        }
        int shard = entries[slot].shardIndex(router);
        if (shard <= MAX_CACHED_SHARD) {
            slots[p] = (byte) ((shard + 1) >>> 8);
            slots[p + 1] = (byte) (shard + 1);
        }
        return shard;
    }

    /** Forgets every cached shard: the writer routes with another {@link ShardRouter} now. */
    public void forgetShards() {
        for (int p = SHARD; p < slots.length; p += SLOT_BYTES) {
            slots[p] = 0;
            slots[p + 1] = 0;
        }
    }

    /** Keys in the table now. */
    int size() {
        return size;
    }
}
