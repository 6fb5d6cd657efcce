package dev.brook.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random keyed records whose values carry a per-key sequence number, so a test can check that
 * nothing was lost or duplicated ({@link BrookAssertions#assertSameMultiset}) and that each key's
 * records kept their order ({@link BrookAssertions#assertPerKeyOrder}).
 *
 * <p>A value is {@code key#seq} or, with a payload, {@code key#seq#payload}; each key's numbers run
 * 1, 2, 3, ... across all calls to {@link #next()}. The seed is printed when the generator is made:
 * run again with {@code -Dbrook.seed=<seed>} to get the same records.
 *
 * <pre>{@code
 * RecordGenerator gen = RecordGenerator.create().keys(20).payloadLength(0, 100);
 * List<TestRecord> input = gen.next(10_000);
 * }</pre>
 */
public final class RecordGenerator {
    /** The system property that fixes the seed of generators made with {@link #create()}. */
    public static final String SEED_PROPERTY = "brook.seed";

    private static final char[] ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final long seed;
    private final Random random;
    private final Map<String, Long> sequences = new LinkedHashMap<>();
    private String keyPrefix = "key-";
    private int keys = 16;
    private int minPayload;
    private int maxPayload;

    private RecordGenerator(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /**
     * A generator with the seed given by {@code -Dbrook.seed}, or a random one; prints the seed
     * either way.
     */
    public static RecordGenerator create() {
        String fixed = System.getProperty(SEED_PROPERTY);
        long seed;
        if (fixed != null && !fixed.isBlank()) {
            try {
                seed = Long.parseLong(fixed.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "-D" + SEED_PROPERTY + " must be a long, got '" + fixed + "'", e);
            }
        } else {
            seed = new Random().nextLong();
        }
        return withSeed(seed);
    }

    /** A generator with a fixed seed; prints it too, so logs always show it. */
    public static RecordGenerator withSeed(long seed) {
        System.out.println(
                "RecordGenerator seed "
                        + seed
                        + " (reproduce with -D"
                        + SEED_PROPERTY
                        + "="
                        + seed
                        + ")");
        return new RecordGenerator(seed);
    }

    public long seed() {
        return seed;
    }

    /** How many distinct keys to draw from (default 16), named {@code prefix + i}. */
    public RecordGenerator keys(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("key count must be at least 1, got " + count);
        }
        this.keys = count;
        return this;
    }

    /** The keys' prefix (default {@code key-}); it may not contain {@code #}. */
    public RecordGenerator keyPrefix(String prefix) {
        if (prefix.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a key prefix may not contain '#': " + prefix);
        }
        this.keyPrefix = prefix;
        return this;
    }

    /** A random alphanumeric payload of {@code min..max} characters per value (default none). */
    public RecordGenerator payloadLength(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("payload length range " + min + ".." + max);
        }
        this.minPayload = min;
        this.maxPayload = max;
        return this;
    }

    /** The next record: a random key, that key's next sequence number, a payload. */
    public TestRecord next() {
        String key = keyPrefix + random.nextInt(keys);
        long seq = sequences.merge(key, 1L, Long::sum);
        int len =
                minPayload
                        + (maxPayload > minPayload
                                ? random.nextInt(maxPayload - minPayload + 1)
                                : 0);
        if (len == 0) {
            return new TestRecord(key, key + "#" + seq);
        }
        StringBuilder sb = new StringBuilder(key.length() + 24 + len);
        sb.append(key).append('#').append(seq).append('#');
        for (int i = 0; i < len; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return new TestRecord(key, sb.toString());
    }

    /** The next {@code n} records. */
    public List<TestRecord> next(int n) {
        List<TestRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** The last sequence number handed out per key (how many records each key has). */
    public Map<String, Long> lastSequences() {
        return Collections.unmodifiableMap(sequences);
    }

    /** The random source, for anything else a test wants to draw from the same seed. */
    public Random random() {
        return random;
    }

    /** Parses the sequence number of a value made by a generator ({@code key#seq[#payload]}). */
    public static long sequenceOf(String value) {
        int a = value.indexOf('#');
        if (a < 0) {
            throw new IllegalArgumentException(
                    "not a generated value (key#seq[#payload]): '" + value + "'");
        }
        int b = value.indexOf('#', a + 1);
        try {
            return Long.parseLong(b < 0 ? value.substring(a + 1) : value.substring(a + 1, b));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "not a generated value (key#seq[#payload]): '" + value + "'", e);
        }
    }

    @Override
    public String toString() {
        return "RecordGenerator[seed=" + seed + "]";
    }
}
