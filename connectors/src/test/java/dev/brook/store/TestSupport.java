package dev.brook.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Helpers shared by the store's tests: seeds, a controllable clock, reading whole shards. */
public final class TestSupport {
    private TestSupport() {}

    /**
     * A random seed, or the one given with {@code -Dbrook.test.seed=...} to replay a failure. Every
     * property test puts it in its assertion messages.
     */
    public static long seed() {
        Long fixed = Long.getLong("brook.test.seed");
        return fixed != null ? fixed : new Random().nextLong();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A random string of 1 to {@code maxChars} code points, mixing ASCII and multibyte UTF-8. */
    public static String randomKey(Random rnd, int maxChars) {
        int n = 1 + rnd.nextInt(maxChars);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(5)) {
                case 0 -> sb.append((char) ('a' + rnd.nextInt(26)));
                case 1 -> sb.append((char) ('0' + rnd.nextInt(10)));
                case 2 -> sb.append((char) (0x00C0 + rnd.nextInt(0x0100))); // 2-byte UTF-8
                case 3 -> sb.append((char) (0x4E00 + rnd.nextInt(0x1000))); // 3-byte UTF-8
                default -> sb.appendCodePoint(0x1F600 + rnd.nextInt(0x40)); // 4-byte UTF-8
            }
        }
        return sb.toString();
    }

    /**
     * A record read back, copied out of the reader's buffers; equal when every field and the data
     * bytes are equal.
     */
    public record Rec(
            String shardId,
            long offset,
            long arrivalMillis,
            String key,
            String hashKey,
            byte[] data) {

        static Rec of(Record r) {
            HashKey explicit = r.explicitHashKey();
            return new Rec(
                    r.shardId(),
                    r.offset(),
                    r.arrivalMillis(),
                    r.partitionKey(),
                    explicit == null ? null : explicit.toString(),
                    r.data());
        }

        public String text() {
            return str(data);
        }

        /** Everything but the data itself (its length only), for readable failure messages. */
        @Override
        public String toString() {
            return shardId
                    + "@"
                    + offset
                    + "[t="
                    + arrivalMillis
                    + ", key="
                    + key
                    + ", hash="
                    + hashKey
                    + ", "
                    + data.length
                    + " bytes]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rec r
                    && shardId.equals(r.shardId)
                    && offset == r.offset
                    && arrivalMillis == r.arrivalMillis
                    && key.equals(r.key)
                    && java.util.Objects.equals(hashKey, r.hashKey)
                    && java.util.Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(shardId, offset, key) * 31
                    + java.util.Arrays.hashCode(data);
        }
    }

    /** Reads a shard from the trim horizon to its current end (or its seal). */
    public static List<Rec> readShard(BrookStore store, String stream, String shardId) {
        return readShard(store, stream, shardId, StartingPosition.trimHorizon(), 1 << 20);
    }

    public static List<Rec> readShard(
            BrookStore store, String stream, String shardId, StartingPosition p, int chunk) {
        List<Rec> out = new ArrayList<>();
        try (ShardReader r = store.openShardReader(stream, shardId, p, chunk)) {
            while (true) {
                GetRecordsResult g = r.read(1000);
                g.records().forEach(rec -> out.add(Rec.of(rec)));
                if (g.records().isEmpty()) {
                    return out;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A clock the test moves by hand. It starts at the real current time (see the note below). */
    public static final class MutableClock extends Clock {
        private final AtomicLong millis;

        /**
         * Starts at the real time: the store compares clock time with file modification times
         * (which are real) when deciding whether a file is old enough to clean up.
         */
        public MutableClock() {
            this(System.currentTimeMillis());
        }

        public MutableClock(long startMillis) {
            this.millis = new AtomicLong(startMillis);
        }

        public long advance(java.time.Duration d) {
            return millis.addAndGet(d.toMillis());
        }

        public void set(long m) {
            millis.set(m);
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
