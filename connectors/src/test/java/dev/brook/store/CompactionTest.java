package dev.brook.store;

import static dev.brook.store.TestSupport.readShard;
import static dev.brook.store.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.store.TestSupport.MutableClock;
import dev.brook.store.TestSupport.Rec;
import dev.brook.store.segment.SegmentFile;
import dev.brook.store.segment.SegmentFormat;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Compaction merges small segments without changing what any reader sees. */
class CompactionTest {
    static final String SHARD = "shardId-000000000000";

    @TempDir Path dir;

    static Configuration config(int trigger, MemorySize target) {
        Configuration c = new Configuration();
        c.set(BrookStoreOptions.CLEANUP_MIN_AGE, Duration.ZERO);
        c.set(BrookStoreOptions.COMPACTION_TRIGGER_SEGMENTS, trigger);
        c.set(BrookStoreOptions.COMPACTION_TARGET_SIZE, target);
        return c;
    }

    List<Path> segmentFiles(String stream, String shard) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(stream).resolve(shard))) {
            return s.filter(p -> p.getFileName().toString().endsWith(SegmentFormat.SEGMENT_SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    /** Puts one segment of 1..n random records (one putRecords call). */
    static void putBatch(BrookStore store, String stream, Random rnd, int n) {
        List<PutRecordsEntry> entries = new ArrayList<>();
        int count = 1 + rnd.nextInt(n);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[rnd.nextInt(10) == 0 ? rnd.nextInt(20_000) : rnd.nextInt(300)];
            rnd.nextBytes(data);
            String hash = rnd.nextInt(4) == 0 ? new BigInteger(127, rnd).toString() : null;
            entries.add(new PutRecordsEntry(TestSupport.randomKey(rnd, 16), data, hash));
        }
        assertThat(store.putRecords(stream, entries).failedRecordCount()).isZero();
    }

    @Test
    void manySmallSegmentsAreMergedAndEveryReadIsUnchanged() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        String ctx = "seed " + seed;
        MemorySize target = MemorySize.parse((4 + rnd.nextInt(60)) + "kb");
        MutableClock clock = new MutableClock();
        BrookStore store =
                BrookStore.open(BrookStore.toPath(dir.toString()), config(4, target), clock);
        store.createStream("s", 2);
        for (int i = 0; i < 120; i++) {
            clock.advance(Duration.ofMillis(rnd.nextInt(5000)));
            putBatch(store, "s", rnd, 6);
        }
        clock.advance(Duration.ofSeconds(1)); // the fake clock is past every file's time
        List<ShardMetadata> shards = store.metadata("s").shards();
        Map<String, List<Rec>> before = new HashMap<>();
        Map<String, List<Path>> filesBefore = new HashMap<>();
        Map<String, byte[]> newestBytes = new HashMap<>();
        for (ShardMetadata shard : shards) {
            String id = shard.shardId();
            before.put(id, readShard(store, "s", id));
            List<Path> files = segmentFiles("s", id);
            filesBefore.put(id, files);
            newestBytes.put(id, Files.readAllBytes(files.get(files.size() - 1)));
        }
        Compactor.Report report = store.compact("s");
        assertThat(report.segmentsMerged()).as(ctx).isPositive();
        assertThat(report.segmentsWritten())
                .as(ctx)
                .isPositive()
                .isLessThan(report.segmentsMerged());
        for (ShardMetadata shard : shards) {
            String id = shard.shardId();
            List<Path> filesAfter = segmentFiles("s", id);
            List<Path> old = filesBefore.get(id);
            assertThat(filesAfter.size()).as("%s, %s", id, ctx).isLessThan(old.size());
            assertThat(Files.readAllBytes(old.get(old.size() - 1)))
                    .as("newest untouched, %s", ctx)
                    .isEqualTo(newestBytes.get(id));
            for (Path p : filesAfter) {
                SegmentFile f =
                        SegmentFile.open(
                                store.fileSystem(), new org.apache.flink.core.fs.Path(p.toUri()));
                if (f.isCompacted()) {
                    assertThat(f.length())
                            .as("%s, target %s, %s", p, target, ctx)
                            .isLessThanOrEqualTo(target.getBytes());
                }
            }
            List<Rec> all = before.get(id);
            List<Rec> after = readShard(store, "s", id);
            assertThat(after).as("%s, %s", id, ctx).isEqualTo(all);
            // From random positions, small chunks.
            for (int q = 0; q < 15; q++) {
                int from = rnd.nextInt(all.size());
                String seq = new SequenceNumber(shard.ordinal(), from).toString();
                assertThat(
                                readShard(
                                        store,
                                        "s",
                                        id,
                                        StartingPosition.atSequenceNumber(seq),
                                        1 + rnd.nextInt(2000)))
                        .as("%s from %d, %s", id, from, ctx)
                        .isEqualTo(all.subList(from, all.size()));
                long t = all.get(rnd.nextInt(all.size())).arrivalMillis();
                int first = 0;
                while (all.get(first).arrivalMillis() < t) {
                    first++;
                }
                assertThat(readShard(store, "s", id, StartingPosition.atTimestamp(t), 4096))
                        .as("%s at time %d, %s", id, t, ctx)
                        .isEqualTo(all.subList(first, all.size()));
            }
        }
        // Again: nothing left to do, or more merging; either way nothing changes for readers.
        List<Rec> s0 = readShard(store, "s", SHARD);
        store.compact("s");
        assertThat(readShard(store, "s", SHARD)).as(ctx).isEqualTo(s0);
        // Writes continue after the newest segment.
        PutRecordResult r = store.putRecord("s", "k", utf8("after"), "0");
        assertThat(SequenceNumber.parse(r.sequenceNumber()).offset()).isEqualTo(s0.size());
    }

    @Test
    void withTheDefaultTargetAShardBecomesOneMergedSegmentAndItsNewest() throws Exception {
        BrookStore store = BrookStore.open(dir.toString(), config(4, MemorySize.parse("16mb")));
        store.createStream("s", 1);
        for (int i = 0; i < 30; i++) {
            store.putRecord("s", "k", utf8("r" + i));
        }
        Thread.sleep(20); // CLEANUP_MIN_AGE is zero; let the file times be in the past
        assertThat(segmentFiles("s", SHARD)).hasSize(30);
        assertThat(store.compact("s")).isEqualTo(new Compactor.Report(29, 1));
        assertThat(segmentFiles("s", SHARD))
                .extracting(p -> p.getFileName().toString())
                .containsExactly(SegmentFormat.fileName(0), SegmentFormat.fileName(29));
        assertThat(readShard(store, "s", SHARD))
                .extracting(Rec::text)
                .hasSize(30)
                .startsWith("r0")
                .endsWith("r29");
        // Below the trigger nothing happens.
        assertThat(store.compact("s")).isEqualTo(new Compactor.Report(0, 0));
    }

    @Test
    void segmentsYoungerThanTheMinimumAgeAreLeftAlone() throws Exception {
        Configuration c = config(2, MemorySize.parse("16mb"));
        c.set(BrookStoreOptions.CLEANUP_MIN_AGE, Duration.ofMinutes(1));
        BrookStore store = BrookStore.open(dir.toString(), c);
        store.createStream("s", 1);
        for (int i = 0; i < 10; i++) {
            store.putRecord("s", "k", utf8("r" + i));
        }
        assertThat(store.compact("s")).isEqualTo(new Compactor.Report(0, 0));
        assertThat(segmentFiles("s", SHARD)).hasSize(10);
    }

    @Test
    void aReaderOpenedBeforeCompactionNeitherMissesNorRepeatsARecord() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        String ctx = "seed " + seed;
        BrookStore store =
                BrookStore.open(
                        dir.toString(), config(3, MemorySize.parse((1 + rnd.nextInt(40)) + "kb")));
        store.createStream("s", 1);
        List<Rec> got = new ArrayList<>();
        try (ShardReader reader =
                store.openShardReader(
                        "s", SHARD, StartingPosition.trimHorizon(), 1 + rnd.nextInt(3000))) {
            for (int round = 0; round < 25; round++) {
                for (int i = rnd.nextInt(12); i > 0; i--) {
                    putBatch(store, "s", rnd, 4);
                }
                reader.read(rnd.nextInt(30)).records().forEach(r -> got.add(Rec.of(r)));
                Thread.sleep(2);
                store.compact("s");
            }
            while (true) {
                GetRecordsResult g = reader.read(1 + rnd.nextInt(50));
                g.records().forEach(r -> got.add(Rec.of(r)));
                if (g.records().isEmpty()) {
                    break;
                }
            }
        }
        assertThat(got).as(ctx).isEqualTo(readShard(store, "s", SHARD));
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).offset()).as(ctx).isEqualTo(i);
        }
        assertThat(segmentFiles("s", SHARD).size()).as(ctx).isLessThan(got.size());
    }

    /**
     * Writers, a compactor and a tailing reader at once, with a real clock and a short minimum age
     * (the protection that keeps a writer from publishing under a name compaction just freed).
     */
    @Test
    @Timeout(120)
    void compactionWhileWritersWriteAndAReaderTails() throws Exception {
        long seed = TestSupport.seed();
        String ctx = "seed " + seed;
        Configuration c = config(4, MemorySize.parse("32kb"));
        c.set(BrookStoreOptions.CLEANUP_MIN_AGE, Duration.ofMillis(1500));
        BrookStore store = BrookStore.open(dir.toString(), c);
        store.createStream("s", 1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        AtomicInteger merged = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Set<String>>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            writers.add(
                    pool.submit(
                            () -> {
                                BrookStore own = BrookStore.open(dir.toString(), c);
                                Random rnd = new Random(seed + writer);
                                Set<String> sent = new HashSet<>();
                                int i = 0;
                                while (!stop.get()) {
                                    List<PutRecordsEntry> batch = new ArrayList<>();
                                    for (int j = 1 + rnd.nextInt(5); j > 0; j--) {
                                        String p = writer + "-" + i++;
                                        sent.add(p);
                                        batch.add(
                                                new PutRecordsEntry("k" + rnd.nextInt(9), utf8(p)));
                                    }
                                    own.putRecords("s", batch);
                                    written.addAndGet(batch.size());
                                    Thread.sleep(1);
                                }
                                return sent;
                            }));
        }
        Future<?> compactor =
                pool.submit(
                        () -> {
                            BrookStore own = BrookStore.open(dir.toString(), c);
                            while (!stop.get()) {
                                merged.addAndGet(own.compact("s").segmentsMerged());
                                Thread.sleep(20);
                            }
                            return null;
                        });
        List<Rec> tailed = new ArrayList<>();
        try (ShardReader reader =
                BrookStore.open(dir.toString(), c)
                        .openShardReader("s", SHARD, StartingPosition.trimHorizon(), 512)) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until) {
                reader.read(1 + (int) (System.nanoTime() % 40))
                        .records()
                        .forEach(r -> tailed.add(Rec.of(r)));
                Thread.sleep(1);
            }
            stop.set(true);
            Set<String> sent = new HashSet<>();
            for (Future<Set<String>> f : writers) {
                sent.addAll(f.get(30, TimeUnit.SECONDS));
            }
            compactor.get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (tailed.size() < sent.size() && System.nanoTime() < deadline) {
                List<Record> more = reader.read(1000).records();
                more.forEach(r -> tailed.add(Rec.of(r)));
                if (more.isEmpty()) {
                    Thread.sleep(5);
                }
            }
            assertThat(tailed).as(ctx).hasSize(sent.size());
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < tailed.size(); i++) {
                assertThat(tailed.get(i).offset()).as(ctx).isEqualTo(i);
                assertThat(seen.add(tailed.get(i).text())).as(ctx).isTrue();
            }
            assertThat(seen).as(ctx).isEqualTo(sent);
            assertThat(tailed).as(ctx).isEqualTo(readShard(store, "s", SHARD));
        } finally {
            stop.set(true);
            pool.shutdown();
        }
        assertThat(merged.get()).as("compaction ran, %s", ctx).isPositive();
    }

    @Test
    void retentionDeletesExpiredCompactedSegmentsRightAway() throws Exception {
        MutableClock clock = new MutableClock();
        Configuration c = config(2, MemorySize.parse("16mb"));
        BrookStore compacting = BrookStore.open(BrookStore.toPath(dir.toString()), c, clock);
        compacting.createStream("s", 1);
        for (int i = 0; i < 6; i++) {
            compacting.putRecord("s", "k", utf8("old" + i));
        }
        clock.advance(Duration.ofHours(1));
        compacting.putRecord("s", "k", utf8("new"));
        assertThat(compacting.compact("s").segmentsMerged()).isEqualTo(6);
        // A store with the default minimum age: the merged file is new, its records are not.
        Configuration strict = new Configuration();
        BrookStore store = BrookStore.open(BrookStore.toPath(dir.toString()), strict, clock);
        store.setRetention("s", Duration.ofMinutes(30));
        assertThat(store.enforceRetention("s").segmentsDeleted()).isEqualTo(1);
        assertThat(readShard(store, "s", SHARD)).extracting(Rec::text).containsExactly("new");
        assertThat(store.trimHorizon("s", SHARD)).isEqualTo(6);
    }

    /**
     * AT_TIMESTAMP is resolved by scanning segments; compaction may replace the first of a run and
     * delete the rest between the listing and the scan. The answer must not change.
     */
    @Test
    @Timeout(120)
    void atTimestampIsResolvedCorrectlyWhileCompactionRuns() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        MutableClock clock = new MutableClock();
        Configuration c = config(2, MemorySize.parse("16mb"));
        BrookStore store = BrookStore.open(BrookStore.toPath(dir.toString()), c, clock);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 30; round++) {
                String stream = "s" + round;
                store.createStream(stream, 1);
                long t0 = clock.millis();
                for (int i = 0; i < 60; i++) {
                    clock.set(t0 + 1000L * i);
                    store.putRecords(
                            stream,
                            List.of(
                                    new PutRecordsEntry("k", utf8(i + "a")),
                                    new PutRecordsEntry("k", utf8(i + "b"))));
                }
                clock.advance(Duration.ofSeconds(10));
                int k = 1 + rnd.nextInt(58);
                StartingPosition at =
                        StartingPosition.atTimestamp(t0 + 1000L * k - rnd.nextInt(999));
                Future<Compactor.Report> compaction = pool.submit(() -> store.compact(stream));
                ShardMetadata shard = store.metadata(stream).shards().get(0);
                do {
                    String ctx = "round " + round + ", segment " + k + ", seed " + seed;
                    assertThat(store.resolve(stream, shard, at)).as(ctx).isEqualTo(2L * k);
                    GetRecordsResult g = store.getRecords(stream, SHARD, at, 1);
                    assertThat(g.records())
                            .as(ctx)
                            .extracting(Record::offset)
                            .containsExactly(2L * k);
                } while (!compaction.isDone());
                assertThat(compaction.get().segmentsMerged()).isPositive();
            }
        } finally {
            pool.shutdown();
        }
    }
}
