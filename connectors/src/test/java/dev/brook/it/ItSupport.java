package dev.brook.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.brook.client.Consumer;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.PutRecordsResult;
import dev.brook.store.Record;
import dev.brook.store.ShardMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * Helpers of the connector ITCases: records {@code key#seq} with per-key sequence numbers, counting
 * and reading a stream, waiting for a condition (a liveness bound only: tests assert results, never
 * how long they took).
 */
public final class ItSupport {
    /**
     * How long a test waits for something that must happen before it calls it a hang (90 s, or
     * {@code -Dbrook.it.patience.seconds=...}).
     */
    public static final Duration PATIENCE =
            Duration.ofSeconds(Long.getLong("brook.it.patience.seconds", 90));

    private ItSupport() {}

    /** Puts {@code n} records {@code key#seq} with random keys, in batches of up to 500. */
    public static void putSequenced(
            BrookStore store,
            String stream,
            Random rnd,
            int keys,
            int n,
            Map<String, Integer> seq) {
        List<PutRecordsEntry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(next(rnd, keys, seq));
            if (batch.size() == 500 || i == n - 1) {
                put(store, stream, batch);
                batch.clear();
            }
        }
    }

    /** Puts a batch; every record must succeed. */
    public static PutRecordsResult put(
            BrookStore store, String stream, List<PutRecordsEntry> batch) {
        PutRecordsResult r = store.putRecords(stream, batch);
        assertThat(r.failedRecordCount()).as("failed puts: %s", r.records()).isZero();
        return r;
    }

    /** The next record {@code key#seq} of a random key. */
    public static PutRecordsEntry next(Random rnd, int keys, Map<String, Integer> seq) {
        String key = "k" + rnd.nextInt(keys);
        int s = seq.merge(key, 1, Integer::sum);
        return new PutRecordsEntry(key, (key + "#" + s).getBytes(UTF_8));
    }

    /** Records in the stream: the sum of every shard's end (a sealed shard's end is its seal). */
    public static long count(BrookStore store, String stream) {
        long n = 0;
        for (ShardMetadata s : store.metadata(stream).shards()) {
            try {
                n += store.shardLog(stream, s.shardId()).endOffset();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return n;
    }

    /** Every record of a stream from its trim horizon, parents before children. */
    public static List<Record> readAll(BrookStore store, String stream) {
        List<Record> out = new ArrayList<>();
        try (Consumer c =
                Consumer.builder(store, stream).shardDiscoveryInterval(Duration.ZERO).build()) {
            List<Record> records;
            while (!(records = c.poll(5000, Duration.ofMillis(300))).isEmpty()) {
                out.addAll(records);
            }
        }
        return out;
    }

    public static String value(Record r) {
        return new String(r.data(), UTF_8);
    }

    /**
     * Checks that {@code records} hold every {@code key#seq} of {@code expected} exactly once and,
     * per key, in sequence order. On failure the message lists where the key's records are in
     * {@code streams} (as read along the lineage).
     */
    public static void assertExactlyOnceInOrder(
            List<Record> records,
            Map<String, Integer> expected,
            long seed,
            BrookStore store,
            String... streams) {
        Map<String, Integer> last = new HashMap<>();
        for (Record r : records) {
            String[] kv = value(r).split("#");
            int s = Integer.parseInt(kv[1]);
            int want = last.getOrDefault(kv[0], 0) + 1;
            if (s != want) {
                fail(
                        String.format(
                                "%s at %s: expected %s#%s (a repeat if lower, a loss or reordering"
                                        + " if higher), seed %s; where key %s is:%n%s",
                                value(r),
                                r.sequenceNumber(),
                                kv[0],
                                want,
                                seed,
                                kv[0],
                                describeKey(store, kv[0], streams)));
            }
            last.put(kv[0], s);
        }
        assertThat(last).as("last sequence number per key, seed %s", seed).isEqualTo(expected);
    }

    /** Where a key's records are in each stream, in lineage read order. */
    public static String describeKey(BrookStore store, String key, String... streams) {
        StringBuilder sb = new StringBuilder();
        for (String stream : streams) {
            sb.append("  ").append(stream).append(':');
            for (Record r : readAll(store, stream)) {
                if (r.partitionKey().equals(key)) {
                    sb.append(' ').append(value(r)).append('@').append(r.shardId()).append('/');
                    sb.append(r.offset()).append("(t=").append(r.arrivalMillis()).append(')');
                }
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    /**
     * Checks that every {@code key#seq} of {@code expected} is in {@code records} (at least once)
     * and nothing else is.
     */
    public static void assertNothingLost(
            List<Record> records, Map<String, Integer> expected, long seed) {
        Map<String, Integer> seen = new HashMap<>();
        for (Record r : records) {
            seen.merge(value(r), 1, Integer::sum);
        }
        List<String> missing = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            for (int s = 1; s <= e.getValue(); s++) {
                total++;
                if (!seen.containsKey(e.getKey() + "#" + s)) {
                    missing.add(e.getKey() + "#" + s);
                }
            }
        }
        assertThat(missing).as("records lost, seed %s", seed).isEmpty();
        assertThat(seen.size()).as("distinct records, seed %s", seed).isEqualTo(total);
    }

    /**
     * Waits until {@code condition} holds; fails (as a hang) after {@link #PATIENCE}, naming the
     * test's seed.
     */
    public static void await(long seed, BooleanSupplier condition, Supplier<String> what)
            throws InterruptedException {
        await(condition, () -> what.get() + " (seed " + seed + ")");
    }

    /** Waits until {@code condition} holds; fails (as a hang) after {@link #PATIENCE}. */
    public static void await(BooleanSupplier condition, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + PATIENCE.toSeconds() + " s for " + what.get());
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the job runs (all its tasks deployed or not, it has left CREATED). */
    public static void awaitRunning(JobClient job) throws InterruptedException {
        await(
                () -> status(job) == JobStatus.RUNNING,
                () -> "job " + job.getJobID() + " to run, it is " + status(job));
    }

    public static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cancels a job and waits until it is gone. */
    public static void cancel(JobClient job) throws Exception {
        JobID id = job.getJobID();
        job.cancel().get();
        await(
                () -> {
                    JobStatus s = status(job);
                    return s.isGloballyTerminalState();
                },
                () -> "job " + id + " to be cancelled");
    }

    /** A thread that keeps putting records until stopped, remembering the first failure. */
    public static final class ProducerThread extends Thread {
        private final BrookStore store;
        private final String stream;
        private final Random rnd;
        private final int keys;
        private final int maxBatch;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Map<String, Integer> seq;
        private volatile long sent;

        public ProducerThread(
                BrookStore store,
                String stream,
                Random rnd,
                int keys,
                int maxBatch,
                Map<String, Integer> seq) {
            super("test-producer-" + stream);
            this.store = store;
            this.stream = stream;
            this.rnd = rnd;
            this.keys = keys;
            this.maxBatch = maxBatch;
            this.seq = seq;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!stop.get()) {
                    List<PutRecordsEntry> batch = new ArrayList<>();
                    int n = 1 + rnd.nextInt(maxBatch);
                    for (int i = 0; i < n; i++) {
                        batch.add(next(rnd, keys, seq));
                    }
                    put(store, stream, batch);
                    sent += n;
                    Thread.sleep(2);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        public long sent() {
            return sent;
        }

        /** Stops, waits for the thread, and rethrows what made it fail, if anything. */
        public void finish() throws Exception {
            stop.set(true);
            join();
            if (failure.get() != null) {
                throw new AssertionError("producer failed", failure.get());
            }
        }
    }
}
