package dev.brook.store;

import static dev.brook.store.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.store.TestSupport.MutableClock;
import dev.brook.store.TestSupport.Rec;
import dev.brook.store.segment.SegmentFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time retention and checkpoint-based retention, with a fake clock. The clock starts at the real
 * time and only moves forward, because the store also compares it with file modification times.
 */
class RetentionTest {
    static final String SHARD = "shardId-000000000000";

    @TempDir Path dir;
    MutableClock clock;
    Configuration config;
    BrookStore store;

    @BeforeEach
    void open() {
        clock = new MutableClock();
        config = new Configuration();
        config.set(BrookStoreOptions.CLEANUP_MIN_AGE, Duration.ZERO);
        config.set(BrookStoreOptions.CONSUMER_MAX_RETENTION, Duration.ofHours(10));
        store = BrookStore.open(BrookStore.toPath(dir.toString()), config, clock);
    }

    /** One segment as put: its base, its records' payloads, and its arrival time. */
    record Seg(long base, List<String> payloads, long arrival) {
        long end() {
            return base + payloads.size();
        }
    }

    /** Puts one segment of {@code n} records at the current fake time. */
    Seg putSegment(String stream, int n) {
        List<PutRecordsEntry> entries = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String p = stream + "-" + clock.millis() + "-" + i;
            payloads.add(p);
            entries.add(new PutRecordsEntry("k" + i, utf8(p)));
        }
        PutRecordsResult r = store.putRecords(stream, entries);
        assertThat(r.failedRecordCount()).isZero();
        long base = SequenceNumber.parse(r.records().get(0).sequenceNumber()).offset();
        return new Seg(base, payloads, clock.millis());
    }

    List<String> segmentFiles(String stream, String shard) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(stream).resolve(shard))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SegmentFormat.SEGMENT_SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    static List<String> payloads(List<Seg> segs) {
        return segs.stream().flatMap(s -> s.payloads().stream()).toList();
    }

    @Test
    void exactlyTheExpiredSegmentsGoOldestFirstAndReadersSkipToTheTrimHorizon() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        for (int scenario = 0; scenario < 12; scenario++) {
            String stream = "s" + scenario;
            String ctx = "scenario " + scenario + ", seed " + seed;
            store.createStream(stream, 1);
            List<Seg> segs = new ArrayList<>();
            int count = 3 + rnd.nextInt(15);
            for (int i = 0; i < count; i++) {
                clock.advance(Duration.ofMinutes(rnd.nextInt(4) * rnd.nextInt(90)));
                segs.add(putSegment(stream, 1 + rnd.nextInt(5)));
            }
            long total = segs.get(segs.size() - 1).end();
            // A reader that has not started yet, and one in the middle of the shard.
            ShardReader fresh = store.openShardReaderAt(stream, SHARD, 0, 1024);
            ShardReader middle = store.openShardReaderAt(stream, SHARD, 0, 64);
            List<Rec> middleRead = new ArrayList<>();
            middle.read(rnd.nextInt((int) total + 1))
                    .records()
                    .forEach(r -> middleRead.add(Rec.of(r)));

            Duration retention = Duration.ofMinutes(60 + rnd.nextInt(600));
            store.setRetention(stream, retention);
            clock.advance(Duration.ofMinutes(rnd.nextInt(1200)));
            long cutoff = clock.millis() - retention.toMillis();
            int expired = 0;
            while (expired < segs.size() && segs.get(expired).arrival() < cutoff) {
                expired++;
            }
            List<Seg> gone = segs.subList(0, expired);
            List<Seg> kept = segs.subList(expired, segs.size());

            RetentionEnforcer.Report report = store.enforceRetention(stream);
            assertThat(report.segmentsDeleted()).as(ctx).isEqualTo(expired);
            assertThat(report.recordsDeleted()).as(ctx).isEqualTo(payloads(gone).size());
            assertThat(segmentFiles(stream, SHARD))
                    .as(ctx)
                    .isEqualTo(kept.stream().map(s -> SegmentFormat.fileName(s.base())).toList());
            assertThat(store.enforceRetention(stream).segmentsDeleted())
                    .as("again: " + ctx)
                    .isZero();

            long horizon = kept.isEmpty() ? total : kept.get(0).base();
            assertThat(store.trimHorizon(stream, SHARD)).as(ctx).isEqualTo(horizon);
            List<Rec> all = TestSupport.readShard(store, stream, SHARD);
            assertThat(all).extracting(Rec::text).as(ctx).isEqualTo(payloads(kept));
            if (!all.isEmpty()) {
                assertThat(all.get(0).offset()).as(ctx).isEqualTo(horizon);
            }

            // The reader that had not started skips exactly the deleted records.
            List<Rec> fromFresh = new ArrayList<>();
            long skipped = 0;
            while (true) {
                GetRecordsResult g = fresh.read(7);
                skipped += g.skippedByRetention();
                g.records().forEach(r -> fromFresh.add(Rec.of(r)));
                if (g.records().isEmpty()) {
                    break;
                }
            }
            assertThat(skipped).as(ctx).isEqualTo(horizon);
            assertThat(fresh.skippedByRetention()).as(ctx).isEqualTo(horizon);
            assertThat(fromFresh).extracting(Rec::text).as(ctx).isEqualTo(payloads(kept));

            // The one in the middle returns only true records, in order, and every record is
            // either returned or counted as skipped, never both.
            List<String> truth = payloads(segs);
            while (true) {
                GetRecordsResult g = middle.read(5);
                g.records().forEach(r -> middleRead.add(Rec.of(r)));
                if (g.records().isEmpty()) {
                    break;
                }
            }
            for (int i = 0; i < middleRead.size(); i++) {
                Rec r = middleRead.get(i);
                assertThat(r.text()).as(ctx).isEqualTo(truth.get((int) r.offset()));
                if (i > 0) {
                    assertThat(r.offset()).as(ctx).isGreaterThan(middleRead.get(i - 1).offset());
                }
            }
            assertThat(middleRead.size() + middle.skippedByRetention()).as(ctx).isEqualTo(total);
            assertThat(middle.nextOffset()).as(ctx).isEqualTo(total);
            fresh.close();
            middle.close();

            // A sequence number in trimmed data starts at the trim horizon.
            if (expired > 0 && !kept.isEmpty()) {
                GetRecordsResult g =
                        store.getRecords(
                                stream,
                                SHARD,
                                StartingPosition.atSequenceNumber(
                                        new SequenceNumber(0, 0).toString()),
                                1000);
                assertThat(g.skippedByRetention()).as(ctx).isEqualTo(horizon);
                assertThat(g.records().get(0).offset()).as(ctx).isEqualTo(horizon);
            }
        }
    }

    @Test
    void aSegmentOpenedAheadOfItsReaderAndThenTrimmedIsNotRead() throws Exception {
        String stream = "ahead";
        store.createStream(stream, 1);
        List<Seg> segs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(30));
            segs.add(putSegment(stream, 5));
        }
        ShardReader reader = store.openShardReaderAt(stream, SHARD, 0, 1024);
        List<Rec> read = new ArrayList<>();
        reader.read(2).records().forEach(r -> read.add(Rec.of(r)));
        // Time for a prefetch thread (where the machine has a spare core) to open segment 1.
        Thread.sleep(200);

        // The first three segments expire; the reader is still in the first.
        store.setRetention(stream, Duration.ofMinutes(60));
        clock.advance(Duration.ofMinutes(35));
        assertThat(store.enforceRetention(stream).segmentsDeleted()).isEqualTo(3);

        while (true) {
            GetRecordsResult g = reader.read(100);
            g.records().forEach(r -> read.add(Rec.of(r)));
            if (g.records().isEmpty()) {
                break;
            }
        }
        reader.close();
        // The segment being read is read to its end (its mapping outlives the file), as before
        // prefetching; the next two were deleted before the reader got to them: skipped.
        List<String> expected = new ArrayList<>(segs.get(0).payloads());
        expected.addAll(segs.get(3).payloads());
        assertThat(read).extracting(Rec::text).isEqualTo(expected);
        assertThat(reader.skippedByRetention()).isEqualTo(10);
    }

    @Test
    void whenEverySegmentIsGoneNewWritesContinueAtTheOldEnd() throws Exception {
        store.createStream("s", 1);
        putSegment("s", 3);
        putSegment("s", 4);
        clock.advance(Duration.ofDays(2));
        assertThat(store.enforceRetention("s").segmentsDeleted()).isEqualTo(2);
        assertThat(segmentFiles("s", SHARD)).isEmpty();
        assertThat(store.trimHorizon("s", SHARD)).isEqualTo(7);
        assertThat(store.getRecords("s", SHARD, StartingPosition.latest(), 10).nextOffset())
                .isEqualTo(7);
        assertThat(store.getRecords("s", SHARD, StartingPosition.trimHorizon(), 10).records())
                .isEmpty();

        assertThat(store.putRecord("s", "k", utf8("after")).sequenceNumber())
                .isEqualTo(new SequenceNumber(0, 7).toString());
        // A store that never saw the shard finds the end too.
        BrookStore other = BrookStore.open(BrookStore.toPath(dir.toString()), config, clock);
        assertThat(other.putRecord("s", "k", utf8("other")).sequenceNumber())
                .isEqualTo(new SequenceNumber(0, 8).toString());
        assertThat(TestSupport.readShard(store, "s", SHARD))
                .extracting(r -> r.offset() + ":" + r.text())
                .containsExactly("7:after", "8:other");

        // And again: the end survives a second complete trim.
        clock.advance(Duration.ofDays(2));
        assertThat(store.enforceRetention("s").segmentsDeleted()).isEqualTo(2);
        try (java.util.stream.Stream<java.nio.file.Path> files =
                java.nio.file.Files.list(dir.resolve("s").resolve(SHARD))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("one end marker per shard, the newest")
                    .filteredOn(n -> n.endsWith(".end"))
                    .containsExactly(String.format("%020d.end", 9));
        }
        BrookStore third = BrookStore.open(BrookStore.toPath(dir.toString()), config, clock);
        assertThat(third.putRecord("s", "k", utf8("third")).sequenceNumber())
                .isEqualTo(new SequenceNumber(0, 9).toString());
        GetRecordsResult g =
                store.getRecords(
                        "s",
                        SHARD,
                        StartingPosition.atSequenceNumber(new SequenceNumber(0, 0).toString()),
                        10);
        assertThat(g.skippedByRetention()).isEqualTo(9);
        assertThat(g.records()).extracting(Record::offset).containsExactly(9L);
    }

    @Test
    void aSealIsNeverDeleted() throws Exception {
        store.createStream("s", 1);
        putSegment("s", 2);
        putSegment("s", 2);
        List<ShardMetadata> children =
                store.splitShard("s", SHARD, HashKeyRange.even(2).get(1).start().toString());
        store.putRecord("s", "k", utf8("child"));
        clock.advance(Duration.ofDays(3));
        store.enforceRetention("s");
        assertThat(segmentFiles("s", SHARD)).containsExactly(SegmentFormat.fileName(4));
        assertThat(store.shardLog("s", SHARD).sealOffset()).isEqualTo(4);
        assertThat(store.enforceRetention("s").segmentsDeleted()).isZero();
        ShardReader r = store.openShardReaderAt("s", SHARD, 0, 1024);
        GetRecordsResult g = r.read(10);
        assertThat(g.records()).isEmpty();
        assertThat(g.shardEnded()).isTrue();
        assertThat(g.skippedByRetention()).isEqualTo(4);
        assertThat(g.childShards()).containsExactlyElementsOf(children);
        r.close();
        assertThat(store.describeStream("s").shards().get(0).endingSequenceNumber())
                .isEqualTo(new SequenceNumber(0, 3).toString());
        // The child's expired segment went too; the child still takes writes after it.
        long childEnd = 0;
        for (ShardMetadata c : children) {
            childEnd += store.shardLog("s", c.shardId()).endOffset();
        }
        assertThat(childEnd).isEqualTo(1);
        assertThat(children.stream().mapToLong(c -> store.trimHorizon("s", c.shardId())).sum())
                .isEqualTo(1);
    }

    @Test
    void registeredConsumersKeepWhatTheyStillNeedUpToTheHardMaximum() throws Exception {
        store.createStream("s", 1); // CONSUMER_MAX_RETENTION is 10 h for this store
        store.setRetention("s", Duration.ofHours(1));
        long t0 = clock.millis();
        List<Seg> segs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            clock.set(t0 + Duration.ofHours(i).toMillis());
            segs.add(putSegment("s", 3)); // segment i: offsets 3i..3i+2, arrival t0 + i h
        }
        store.consumers().register("s", "job");
        assertThat(store.consumers().register("s", "job").name()).isEqualTo("job"); // idempotent
        // The job checkpointed in the middle of segment 4.
        store.consumers().recordPositions("s", "job", Map.of(SHARD, segs.get(4).base() + 1));

        clock.set(t0 + Duration.ofHours(11).toMillis()); // everything is past the 1 h retention
        RetentionEnforcer.Report r = store.enforceRetention("s");
        assertThat(r.segmentsDeleted()).isEqualTo(4);
        assertThat(store.trimHorizon("s", SHARD)).isEqualTo(segs.get(4).base());

        // Once the position passes segments, they go.
        store.consumers().recordPositions("s", "job", Map.of(SHARD, segs.get(7).base()));
        assertThat(store.enforceRetention("s").segmentsDeleted()).isEqualTo(3);
        assertThat(store.trimHorizon("s", SHARD)).isEqualTo(segs.get(7).base());

        // Beyond the hard maximum (10 h) they go anyway: at t0 + 18.5 h, segments 7 and 8
        // (t0 + 7 h, t0 + 8 h) are too old; segment 9 (t0 + 9 h) the job still needs.
        clock.set(t0 + Duration.ofMinutes(18 * 60 + 30).toMillis());
        assertThat(store.enforceRetention("s").segmentsDeleted()).isEqualTo(2);
        assertThat(store.trimHorizon("s", SHARD)).isEqualTo(segs.get(9).base());
        assertThat(TestSupport.readShard(store, "s", SHARD))
                .extracting(Rec::text)
                .isEqualTo(segs.get(9).payloads());

        // Without the registration, time retention alone decides.
        store.consumers().deregister("s", "job");
        assertThat(store.consumers().list("s")).isEmpty();
        assertThat(store.enforceRetention("s").segmentsDeleted()).isEqualTo(1);
    }

    @Test
    void theSlowestConsumerAndUnstartedShardsHoldRetentionBack() throws Exception {
        store.createStream("s", 1);
        store.setRetention("s", Duration.ofHours(1));
        long t0 = clock.millis();
        List<Seg> segs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clock.set(t0 + Duration.ofHours(i).toMillis());
            segs.add(putSegment("s", 2));
        }
        store.consumers().register("s", "fast");
        store.consumers().register("s", "slow");
        store.consumers().recordPositions("s", "fast", Map.of(SHARD, segs.get(5).base()));
        clock.set(t0 + Duration.ofHours(8).toMillis());
        // "slow" has no position for the shard yet: it keeps everything.
        assertThat(store.enforceRetention("s").segmentsDeleted()).isZero();
        store.consumers().recordPositions("s", "slow", Map.of(SHARD, segs.get(2).base()));
        assertThat(store.enforceRetention("s").segmentsDeleted()).isEqualTo(2);
        assertThat(store.consumers().get("s", "slow").position(SHARD))
                .isEqualTo(segs.get(2).base());
        assertThat(store.consumers().list("s"))
                .extracting(ConsumerRegistry.Registration::name)
                .containsExactlyInAnyOrder("fast", "slow");
    }

    @Test
    void aLockedShardIsSkippedUntilTheLockIsReleased() throws Exception {
        store.createStream("s", 1);
        store.setRetention("s", Duration.ofMillis(1));
        putSegment("s", 2);
        clock.set(System.currentTimeMillis() + 1000); // within the lock's lease of its file time
        Path lock = dir.resolve("s").resolve(SHARD).resolve(StoreLayout.MAINTENANCE_LOCK);
        Files.write(lock, utf8("held by someone else"));
        RetentionEnforcer.Report r = store.enforceRetention("s");
        assertThat(r.shardsSkippedLocked()).isEqualTo(1);
        assertThat(r.segmentsDeleted()).isZero();
        Files.delete(lock);
        assertThat(store.enforceRetention("s").segmentsDeleted()).isEqualTo(1);
    }

    @Test
    void increaseAndDecreaseRejectTheWrongDirection() {
        store.createStream("s", 1);
        assertThatThrownBy(() -> store.increaseRetention("s", Duration.ofHours(23)))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("23 hours is shorter than the current 24 hours");
        assertThatThrownBy(() -> store.decreaseRetention("s", Duration.ofHours(25)))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("25 hours is longer than the current 24 hours");
        assertThat(store.metadata("s").retentionMillis())
                .isEqualTo(Duration.ofHours(24).toMillis());
        store.increaseRetention("s", Duration.ofHours(24)); // equal is fine both ways
        store.decreaseRetention("s", Duration.ofHours(24));
        assertThat(store.increaseRetention("s", Duration.ofDays(365)).retentionMillis())
                .isEqualTo(Duration.ofDays(365).toMillis());
        assertThat(store.decreaseRetention("s", Duration.ofHours(2)).retentionMillis())
                .isEqualTo(Duration.ofHours(2).toMillis());
        // and the period in force is what retention uses
        putSegment("s", 1);
        clock.advance(Duration.ofHours(3));
        assertThat(store.enforceRetention("s").segmentsDeleted()).isEqualTo(1);
        assertThat(Arrays.asList(dir.resolve("s").resolve(SHARD).toFile().list()))
                .contains(String.format("%020d%s", 1, StoreLayout.END_MARKER_SUFFIX));
    }

    /**
     * Writers that learn a shard's end from a listing while retention deletes its old segments must
     * still see the end: a listing that came back empty would make them start again at 0.
     */
    @Test
    @Timeout(120)
    void writersThatListWhileRetentionDeletesNeverReuseOffsets() throws Exception {
        Configuration defaults = new Configuration(); // the default minimum age
        BrookStore main = BrookStore.open(BrookStore.toPath(dir.toString()), defaults, clock);
        main.createStream("s", 1);
        int old = 400;
        for (int i = 0; i < old; i++) {
            main.putRecord("s", "k", utf8("old" + i));
        }
        clock.advance(Duration.ofDays(2)); // all expired, all older than the minimum age
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<RetentionEnforcer.Report> retention = pool.submit(() -> main.enforceRetention("s"));
        List<Long> offsets = new ArrayList<>();
        try {
            do {
                // A new store knows nothing of the shard: it lists to find the end.
                BrookStore writer =
                        BrookStore.open(BrookStore.toPath(dir.toString()), defaults, clock);
                PutRecordResult r = writer.putRecord("s", "k", utf8("new" + offsets.size()));
                offsets.add(SequenceNumber.parse(r.sequenceNumber()).offset());
            } while (!retention.isDone());
            assertThat(retention.get().segmentsDeleted()).isEqualTo(old);
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < offsets.size(); i++) {
            assertThat(offsets.get(i)).as("write %d of %s", i, offsets).isEqualTo(old + i);
        }
        assertThat(TestSupport.readShard(main, "s", SHARD))
                .extracting(r -> r.offset() + ":" + r.text())
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, offsets.size())
                                .mapToObj(i -> (old + i) + ":new" + i)
                                .toList());
    }
}
