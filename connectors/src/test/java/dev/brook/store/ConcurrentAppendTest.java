package dev.brook.store;

import static dev.brook.store.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.store.TestSupport.Rec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many writers appending to one shard at once, through one store or one store each: the shard ends
 * up with dense offsets and exactly the records written, each where its put said it landed.
 */
class ConcurrentAppendTest {
    static final int THREADS = 8;
    static final int RECORDS_PER_THREAD = 600;

    @TempDir Path dir;

    @ParameterizedTest(name = "shared store: {0}, cleanup min age zero: {1}")
    @Timeout(120)
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void concurrentAppendsToOneShardLoseAndDuplicateNothing(boolean shared, boolean minAgeZero)
            throws Exception {
        long seed = TestSupport.seed();
        Configuration config = new Configuration();
        if (minAgeZero) {
            config.set(BrookStoreOptions.CLEANUP_MIN_AGE, Duration.ZERO); // writers always re-list
        }
        BrookStore main = BrookStore.open(dir.toString(), config);
        main.createStream("s", 1);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Map<String, Long>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(
                    pool.submit(
                            () -> {
                                BrookStore store =
                                        shared ? main : BrookStore.open(dir.toString(), config);
                                Random rnd = new Random(seed + thread);
                                Map<String, Long> landed = new HashMap<>();
                                start.await();
                                int i = 0;
                                while (i < RECORDS_PER_THREAD) {
                                    int n = Math.min(1 + rnd.nextInt(40), RECORDS_PER_THREAD - i);
                                    List<PutRecordsEntry> batch = new ArrayList<>();
                                    for (int j = 0; j < n; j++, i++) {
                                        batch.add(
                                                new PutRecordsEntry(
                                                        "key-" + rnd.nextInt(1000),
                                                        utf8("t" + thread + "-" + i)));
                                    }
                                    PutRecordsResult r = store.putRecords("s", batch);
                                    assertThat(r.failedRecordCount()).isZero();
                                    for (int j = 0; j < n; j++) {
                                        landed.put(
                                                TestSupport.str(batch.get(j).data()),
                                                SequenceNumber.parse(
                                                                r.records().get(j).sequenceNumber())
                                                        .offset());
                                    }
                                }
                                return landed;
                            }));
        }
        Map<String, Long> landed = new HashMap<>();
        for (Future<Map<String, Long>> f : futures) {
            landed.putAll(f.get(90, TimeUnit.SECONDS));
        }
        pool.shutdown();
        String ctx = "seed " + seed;
        int total = THREADS * RECORDS_PER_THREAD;
        assertThat(landed).as(ctx).hasSize(total);

        List<Rec> read =
                TestSupport.readShard(BrookStore.open(dir.toString()), "s", "shardId-000000000000");
        assertThat(read).as(ctx).hasSize(total);
        Set<String> payloads = new HashSet<>();
        for (int i = 0; i < read.size(); i++) {
            Rec r = read.get(i);
            assertThat(r.offset()).as("dense offsets, %s", ctx).isEqualTo(i);
            assertThat(payloads.add(r.text())).as("duplicate %s, %s", r.text(), ctx).isTrue();
            assertThat(landed.get(r.text()))
                    .as("%s is where its put said it landed, %s", r.text(), ctx)
                    .isEqualTo(r.offset());
        }
        assertThat(payloads).as(ctx).isEqualTo(landed.keySet());
        // Arrival times never go back within a shard.
        for (int i = 1; i < read.size(); i++) {
            assertThat(read.get(i).arrivalMillis())
                    .as(ctx)
                    .isGreaterThanOrEqualTo(read.get(i - 1).arrivalMillis());
        }
    }

    /**
     * A writer whose idea of the shard's end is far behind (it learned it long ago, within the
     * freshness window) must catch up with writers that keep appending, not trail them forever.
     * Resharding depends on this: a seal learns the end the same way.
     */
    @Test
    @Timeout(120)
    void aWriterFarBehindBusyWritersCatchesUp() throws Exception {
        BrookStore late = BrookStore.open(dir.toString());
        late.createStream("s", 1);
        late.putRecord("s", "k", utf8("first")); // late now believes the end is 1, for 30 s
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> busy = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            busy.add(
                    pool.submit(
                            () -> {
                                BrookStore own = BrookStore.open(dir.toString());
                                while (!stop.get()) {
                                    own.putRecord("s", "k", utf8("busy"));
                                    written.incrementAndGet();
                                }
                                return null;
                            }));
        }
        try {
            while (written.get() < 2000) {
                Thread.sleep(2);
            }
            int before = written.get();
            Future<PutRecordResult> put = pool.submit(() -> late.putRecord("s", "k", utf8("late")));
            PutRecordResult r = put.get(30, TimeUnit.SECONDS);
            assertThat(SequenceNumber.parse(r.sequenceNumber()).offset()).isGreaterThan(before);
        } finally {
            stop.set(true);
        }
        for (Future<?> f : busy) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<Rec> read = TestSupport.readShard(late, "s", "shardId-000000000000");
        assertThat(read).hasSize(written.get() + 2);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).offset()).isEqualTo(i);
        }
    }
}
