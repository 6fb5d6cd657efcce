package dev.brook.store;

import static dev.brook.store.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.store.TestSupport.Rec;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Split, merge and uniform scaling while writers keep writing. */
class ReshardTest {
    @TempDir Path dir;

    /** Where one put landed. */
    record Sent(String payload, String shardId, long offset) {}

    /** A shard read to its end (or its seal). */
    record ShardContents(List<Rec> records, boolean ended, List<ShardMetadata> children) {}

    static ShardContents readAll(BrookStore store, String stream, String shardId)
            throws IOException {
        List<Rec> out = new ArrayList<>();
        try (ShardReader r =
                store.openShardReader(stream, shardId, StartingPosition.trimHorizon(), 4096)) {
            while (true) {
                GetRecordsResult g = r.read(500);
                g.records().forEach(x -> out.add(Rec.of(x)));
                if (g.shardEnded()) {
                    return new ShardContents(out, true, g.childShards());
                }
                if (g.records().isEmpty()) {
                    return new ShardContents(out, false, List.of());
                }
            }
        }
    }

    @ParameterizedTest(name = "cleanup min age zero: {0}")
    @ValueSource(booleans = {true, false})
    @Timeout(120)
    void reshardingUnderConcurrentWrites(boolean minAgeZero) throws Exception {
        long seed = TestSupport.seed();
        String ctx = "seed " + seed;
        Configuration config = new Configuration();
        if (minAgeZero) {
            config.set(BrookStoreOptions.CLEANUP_MIN_AGE, Duration.ZERO);
        }
        BrookStore main = BrookStore.open(dir.toString(), config);
        main.createStream("s", 2);

        int orderedWriters = 3;
        int randomWriters = 3;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(orderedWriters + randomWriters);
        List<Future<List<Sent>>> futures = new ArrayList<>();
        for (int w = 0; w < orderedWriters + randomWriters; w++) {
            int writer = w;
            boolean ordered = w < orderedWriters;
            futures.add(
                    pool.submit(
                            () -> {
                                // Half the writers share the resharding store, half have their own
                                // (whose metadata goes stale and learns of reshards from seals).
                                BrookStore store =
                                        writer % 2 == 0
                                                ? main
                                                : BrookStore.open(dir.toString(), config);
                                Random rnd = new Random(seed * 31 + writer);
                                List<Sent> sent = new ArrayList<>();
                                int i = 0;
                                while (!stop.get()) {
                                    int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 1 : 20);
                                    List<PutRecordsEntry> batch = new ArrayList<>();
                                    for (int j = 0; j < n; j++, i++) {
                                        String key =
                                                ordered
                                                        ? "ordered-" + writer
                                                        : TestSupport.randomKey(rnd, 12);
                                        batch.add(
                                                new PutRecordsEntry(
                                                        key, utf8("w" + writer + "-" + i)));
                                    }
                                    PutRecordsResult r = store.putRecords("s", batch);
                                    assertThat(r.failedRecordCount()).isZero();
                                    for (int j = 0; j < n; j++) {
                                        PutRecordsResult.Entry e = r.records().get(j);
                                        sent.add(
                                                new Sent(
                                                        TestSupport.str(batch.get(j).data()),
                                                        e.shardId(),
                                                        SequenceNumber.parse(e.sequenceNumber())
                                                                .offset()));
                                    }
                                    written.addAndGet(n);
                                }
                                return sent;
                            }));
        }

        Map<String, List<String>> expectedParents = new HashMap<>();
        try {
            awaitMore(written, 300, futures);
            awaitEveryOpenShardWritten(main, futures);
            // 1. split the first open shard in the middle of its range
            ShardMetadata toSplit = main.metadata("s").openShards().get(0);
            HashKeyRange r = toSplit.hashKeyRange();
            String mid =
                    r.start().toBigInteger().add(r.end().toBigInteger()).shiftRight(1).toString();
            for (ShardMetadata c : main.splitShard("s", toSplit.shardId(), mid)) {
                expectedParents.put(c.shardId(), List.of(toSplit.shardId()));
            }
            awaitMore(written, 300, futures);
            awaitEveryOpenShardWritten(main, futures);
            // 2. merge two adjacent open shards
            List<ShardMetadata> open = sortedOpen(main);
            ShardMetadata a = open.get(1);
            ShardMetadata b = open.get(2);
            assertThat(a.hashKeyRange().isFollowedBy(b.hashKeyRange())).isTrue();
            ShardMetadata merged = main.mergeShards("s", b.shardId(), a.shardId());
            assertThat(merged.hashKeyRange())
                    .isEqualTo(new HashKeyRange(a.hashKeyRange().start(), b.hashKeyRange().end()));
            expectedParents.put(merged.shardId(), List.of(b.shardId(), a.shardId()));
            awaitMore(written, 300, futures);
            awaitEveryOpenShardWritten(main, futures);
            // 3. double, then 4. halve
            for (boolean dbl : new boolean[] {true, false}) {
                List<ShardMetadata> before = sortedOpen(main);
                int target = dbl ? before.size() * 2 : before.size() / 2;
                List<ShardMetadata> children = main.updateShardCount("s", target);
                assertThat(children).hasSize(target);
                assertThat(children.stream().map(ShardMetadata::hashKeyRange).toList())
                        .isEqualTo(HashKeyRange.even(target));
                for (ShardMetadata c : children) {
                    expectedParents.put(
                            c.shardId(),
                            before.stream()
                                    .filter(p -> p.hashKeyRange().overlaps(c.hashKeyRange()))
                                    .map(ShardMetadata::shardId)
                                    .toList());
                }
                awaitMore(written, 300, futures);
                awaitEveryOpenShardWritten(main, futures);
            }
        } finally {
            stop.set(true);
        }
        List<Sent> sent = new ArrayList<>();
        for (Future<List<Sent>> f : futures) {
            sent.addAll(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        BrookStore reader = BrookStore.open(dir.toString());
        StreamDescription d = reader.describeStream("s");
        StreamMetadata meta = d.metadata();
        assertThat(meta.openShards()).as(ctx).hasSize(2);
        assertThat(meta.shards()).as(ctx).hasSize(2 + 2 + 1 + 4 + 2);

        Map<String, Rec> byPayload = new HashMap<>();
        Map<String, List<Rec>> byShard = new LinkedHashMap<>();
        for (ShardDescription sd : d.shards()) {
            ShardMetadata s = sd.shard();
            ShardContents c = readAll(reader, "s", s.shardId());
            byShard.put(s.shardId(), c.records());
            long seal = reader.shardLog("s", s.shardId()).sealOffset();
            String sctx = s.shardId() + ", " + ctx;
            for (int i = 0; i < c.records().size(); i++) {
                Rec rec = c.records().get(i);
                assertThat(rec.offset()).as("dense, %s", sctx).isEqualTo(i);
                assertThat(byPayload.put(rec.text(), rec))
                        .as("%s found twice, %s", rec.text(), sctx)
                        .isNull();
                HashKey routing = HashKey.of(HashKeyTest.md5(rec.key()));
                assertThat(s.hashKeyRange().contains(routing))
                        .as("%s routed into %s, %s", rec, s.hashKeyRange(), sctx)
                        .isTrue();
            }
            if (s.isOpen()) {
                assertThat(seal).as(sctx).isEqualTo(-1);
                assertThat(c.ended()).as(sctx).isFalse();
                assertThat(sd.endingSequenceNumber()).as(sctx).isNull();
            } else {
                assertThat(seal).as("a closed shard is sealed, %s", sctx).isGreaterThanOrEqualTo(0);
                assertThat(c.records())
                        .as("nothing at or after the seal, %s", sctx)
                        .hasSize((int) seal);
                assertThat(c.ended()).as(sctx).isTrue();
                assertThat(c.children()).as(sctx).isEqualTo(meta.children(s.shardId()));
                assertThat(c.children()).as(sctx).isNotEmpty();
                assertThat(sd.endingSequenceNumber())
                        .as(sctx)
                        .isEqualTo(
                                new SequenceNumber(s.ordinal(), Math.max(0, seal - 1)).toString());
                // A closed shard takes no more writes.
                assertThat(reader.shardLog("s", s.shardId()).endOffset()).as(sctx).isEqualTo(seal);
            }
            assertThat(s.parentShardIds())
                    .as(sctx)
                    .isEqualTo(expectedParents.getOrDefault(s.shardId(), List.of()));
            assertThat(sd.startingSequenceNumber())
                    .isEqualTo(new SequenceNumber(s.ordinal(), 0).toString());
        }

        // Every record written is found exactly once, where its put said.
        assertThat(byPayload.keySet())
                .as(ctx)
                .isEqualTo(sent.stream().map(Sent::payload).collect(Collectors.toSet()));
        assertThat(byPayload).as(ctx).hasSameSizeAs(sent);
        for (Sent s : sent) {
            Rec rec = byPayload.get(s.payload());
            assertThat(rec.shardId() + "@" + rec.offset())
                    .as("%s, %s", s.payload(), ctx)
                    .isEqualTo(s.shardId() + "@" + s.offset());
        }
        // Every closed shard had writes (else the test did not test much).
        for (ShardMetadata s : meta.shards()) {
            assertThat(byShard.get(s.shardId()))
                    .as("%s got records, %s", s.shardId(), ctx)
                    .isNotEmpty();
        }

        // Lineage order: parents fully before children. One writer with one key keeps its order.
        List<String> lineage = lineageOrder(meta);
        for (int w = 0; w < orderedWriters; w++) {
            String key = "ordered-" + w;
            String prefix = "w" + w + "-";
            List<Integer> seq = new ArrayList<>();
            for (String shardId : lineage) {
                for (Rec rec : byShard.get(shardId)) {
                    if (rec.key().equals(key)) {
                        seq.add(Integer.parseInt(rec.text().substring(prefix.length())));
                    }
                }
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < seq.size(); i++) {
                expected.add(i);
            }
            assertThat(seq)
                    .as("order of writer %d in lineage order %s, %s", w, lineage, ctx)
                    .isEqualTo(expected);
        }
    }

    /** Shards in an order where every parent comes before its children. */
    static List<String> lineageOrder(StreamMetadata meta) {
        List<String> order = new ArrayList<>();
        List<ShardMetadata> pending = new ArrayList<>(meta.shards());
        Collections.shuffle(pending, new Random(1)); // not relying on metadata order
        while (!pending.isEmpty()) {
            ShardMetadata next =
                    pending.stream()
                            .filter(s -> order.containsAll(s.parentShardIds()))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("lineage has a cycle: " + meta));
            order.add(next.shardId());
            pending.remove(next);
        }
        return order;
    }

    static List<ShardMetadata> sortedOpen(BrookStore store) {
        return store.metadata("s").openShards().stream()
                .sorted(Comparator.comparing(s -> s.hashKeyRange().start()))
                .toList();
    }

    /**
     * Waits until every open shard holds a record, so each shard the next reshard closes had writes
     * (on a fast machine a few hundred records need not reach every new shard).
     */
    static void awaitEveryOpenShardWritten(BrookStore store, List<? extends Future<?>> writers)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (ShardMetadata s : store.metadata("s").openShards()) {
            while (store.shardLog("s", s.shardId()).endOffset() == 0) {
                for (Future<?> f : writers) {
                    if (f.isDone()) {
                        f.get();
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(s.shardId() + " got no writes in 60 s");
                }
                Thread.sleep(1);
            }
        }
    }

    static void awaitMore(AtomicInteger written, int more, List<? extends Future<?>> writers)
            throws Exception {
        int target = written.get() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (written.get() < target) {
            for (Future<?> f : writers) {
                if (f.isDone()) {
                    f.get(); // a writer failed: show why
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("writers stalled at " + written.get());
            }
            Thread.sleep(1);
        }
    }

    /**
     * Writers that do not know of the reshard keep appending to the parent until the seal lands, so
     * the seal races them. It must win within a bounded time, however busy they are.
     */
    @Test
    @Timeout(120)
    void aSealLandsWhileManyWritersHammerTheShard() throws Exception {
        BrookStore main = BrookStore.open(dir.toString());
        main.createStream("s", 1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            futures.add(
                    pool.submit(
                            () -> {
                                BrookStore own = BrookStore.open(dir.toString());
                                int i = 0;
                                while (!stop.get()) {
                                    own.putRecord("s", "k" + (i % 50), utf8(writer + "-" + i++));
                                    written.incrementAndGet();
                                }
                                return i;
                            }));
        }
        try {
            for (int round = 0; round < 3; round++) {
                awaitMore(written, 500, futures);
                ShardMetadata widest =
                        main.metadata("s").openShards().stream()
                                .max(
                                        Comparator.comparing(
                                                s ->
                                                        s.hashKeyRange()
                                                                .end()
                                                                .toBigInteger()
                                                                .subtract(
                                                                        s.hashKeyRange()
                                                                                .start()
                                                                                .toBigInteger())))
                                .orElseThrow();
                HashKeyRange r = widest.hashKeyRange();
                main.splitShard(
                        "s",
                        widest.shardId(),
                        r.start()
                                .toBigInteger()
                                .add(r.end().toBigInteger())
                                .shiftRight(1)
                                .toString());
                assertThat(main.shardLog("s", widest.shardId()).sealOffset()).isNotNegative();
            }
        } finally {
            stop.set(true);
        }
        int total = 0;
        for (Future<Integer> f : futures) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long read = 0;
        for (ShardMetadata s : main.metadata("s").shards()) {
            read += readAll(main, "s", s.shardId()).records().size();
        }
        assertThat(read).isEqualTo(total);
    }

    @Test
    void aWriterWithStaleMetadataIsReroutedByTheSeal() throws Exception {
        BrookStore a = BrookStore.open(dir.toString());
        BrookStore b = BrookStore.open(dir.toString());
        a.createStream("s", 1);
        // b learns the layout and the shard's end.
        assertThat(b.putRecord("s", "k", utf8("before")).shardId())
                .isEqualTo("shardId-000000000000");
        String half = BigInteger.ONE.shiftLeft(127).toString();
        List<ShardMetadata> children = a.splitShard("s", "shardId-000000000000", half);
        assertThat(children)
                .extracting(ShardMetadata::shardId)
                .containsExactly("shardId-000000000001", "shardId-000000000002");
        // b still believes shard 0 is open; the seal turns it to the child that holds each key.
        Map<String, String> landed = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            String key = "key-" + i;
            landed.put(key, b.putRecord("s", key, utf8(key)).shardId());
        }
        for (Map.Entry<String, String> e : landed.entrySet()) {
            HashKey h = HashKey.of(HashKeyTest.md5(e.getKey()));
            String expected =
                    h.compareTo(HashKey.parse(half)) < 0
                            ? "shardId-000000000001"
                            : "shardId-000000000002";
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(expected);
        }
        assertThat(a.shardLog("s", "shardId-000000000000").sealOffset()).isEqualTo(1);
        assertThat(TestSupport.readShard(a, "s", "shardId-000000000000"))
                .extracting(Rec::text)
                .containsExactly("before");
        // Explicit hash keys are re-routed by the hash key, not the partition key.
        BrookStore c = BrookStore.open(dir.toString());
        c.metadata("s");
        assertThat(c.putRecord("s", "k", utf8("x"), "0").shardId())
                .isEqualTo("shardId-000000000001");
        assertThat(c.putRecord("s", "k", utf8("x"), half).shardId())
                .isEqualTo("shardId-000000000002");
    }

    @Test
    void sealingIsIdempotent() throws Exception {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 1);
        store.putRecords(
                "s",
                List.of(new PutRecordsEntry("a", utf8("1")), new PutRecordsEntry("b", utf8("2"))));
        ShardLog log = store.shardLog("s", "shardId-000000000000");
        assertThat(log.sealOffset()).isEqualTo(-1);
        assertThat(log.seal()).isEqualTo(2);
        assertThat(log.seal()).isEqualTo(2);
        assertThat(BrookStore.open(dir.toString()).shardLog("s", "shardId-000000000000").seal())
                .isEqualTo(2);
        assertThat(log.sealOffset()).isEqualTo(2);
        assertThat(log.endOffset()).isEqualTo(2);
    }

    @Test
    void reshardErrors() {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 3);
        List<HashKeyRange> r = HashKeyRange.even(3);
        String s0 = "shardId-000000000000";
        String s1 = "shardId-000000000001";
        String s2 = "shardId-000000000002";
        long version = store.metadata("s").version();

        // split at the range start, below it, above its end
        for (BigInteger at :
                List.of(
                        r.get(1).start().toBigInteger(),
                        r.get(1).start().toBigInteger().subtract(BigInteger.ONE),
                        r.get(1).end().toBigInteger().add(BigInteger.ONE))) {
            assertThatThrownBy(() -> store.splitShard("s", s1, at.toString()))
                    .isInstanceOf(BrookException.class)
                    .hasMessageContaining("new starting hash key " + at)
                    .hasMessageContaining("must be greater than " + r.get(1).start())
                    .hasMessageContaining("at most " + r.get(1).end());
        }
        // merge non-adjacent shards, or a shard with itself
        assertThatThrownBy(() -> store.mergeShards("s", s0, s2))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("shards " + s0 + " and " + s2 + " are not adjacent");
        assertThatThrownBy(() -> store.mergeShards("s", s1, s1))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("not adjacent");
        // beyond double or half
        assertThatThrownBy(() -> store.updateShardCount("s", 7))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining(
                        "target shard count 7 must be between half and double the current 3");
        assertThatThrownBy(() -> store.updateShardCount("s", 1))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining(
                        "target shard count 1 must be between half and double the current 3");
        assertThat(store.metadata("s").version())
                .as("failed reshards change nothing")
                .isEqualTo(version);
        // the same even layout again is a no-op
        assertThat(store.updateShardCount("s", 3)).hasSize(3);
        assertThat(store.metadata("s").version()).isEqualTo(version);

        // split at the range end is allowed (the upper child holds one key)
        List<ShardMetadata> kids = store.splitShard("s", s1, r.get(1).end().toString());
        assertThat(kids.get(1).hashKeyRange().start()).isEqualTo(kids.get(1).hashKeyRange().end());
        // a closed shard cannot be resharded
        assertThatThrownBy(() -> store.splitShard("s", s1, r.get(1).end().toString()))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("shard " + s1 + " of stream s is closed");
        assertThatThrownBy(() -> store.mergeShards("s", s0, s1))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> store.mergeShards("s", kids.get(0).shardId(), s1))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("is closed");
        // the new layout's adjacent shards merge fine
        ShardMetadata m = store.mergeShards("s", s0, kids.get(0).shardId());
        assertThat(m.parentShardIds()).containsExactly(s0, kids.get(0).shardId());
        Set<String> open =
                store.metadata("s").openShards().stream()
                        .map(ShardMetadata::shardId)
                        .collect(Collectors.toSet());
        assertThat(open).containsExactlyInAnyOrder(m.shardId(), kids.get(1).shardId(), s2);
        // shard ordinals are never reused
        assertThat(m.shardId()).isEqualTo("shardId-000000000005");
    }
}
