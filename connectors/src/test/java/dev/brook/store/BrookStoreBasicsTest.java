package dev.brook.store;

import static dev.brook.store.TestSupport.readShard;
import static dev.brook.store.TestSupport.str;
import static dev.brook.store.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.store.TestSupport.MutableClock;
import dev.brook.store.TestSupport.Rec;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams and records through {@link BrookStore}, on real files. */
class BrookStoreBasicsTest {
    @TempDir Path dir;

    @Test
    void createListDescribeDelete() {
        BrookStore store = BrookStore.open(dir.resolve("root").toString());
        assertThat(store.listStreams()).isEmpty(); // the root does not even exist yet

        store.createStream("b", 3);
        store.createStream("a", 1);
        store.createStream("c.d-e_f", 2);
        assertThat(store.listStreams()).containsExactly("a", "b", "c.d-e_f");

        StreamDescription d = store.describeStream("b");
        assertThat(d.metadata().streamName()).isEqualTo("b");
        assertThat(d.metadata().version()).isEqualTo(1);
        assertThat(d.metadata().retentionMillis()).isEqualTo(Duration.ofHours(24).toMillis());
        assertThat(d.metadata().maxRecordBytes()).isEqualTo(1 << 20);
        assertThat(d.shards()).hasSize(3);
        List<HashKeyRange> even = HashKeyRange.even(3);
        for (int i = 0; i < 3; i++) {
            ShardDescription s = d.shards().get(i);
            assertThat(s.shard().shardId()).isEqualTo(ShardIds.format(i));
            assertThat(s.shard().hashKeyRange()).isEqualTo(even.get(i));
            assertThat(s.shard().isOpen()).isTrue();
            assertThat(s.shard().parentShardIds()).isEmpty();
            assertThat(s.startingSequenceNumber()).isEqualTo(new SequenceNumber(i, 0).toString());
            assertThat(s.endingSequenceNumber()).isNull();
        }

        store.putRecord("b", "k", utf8("x"));
        store.deleteStream("b");
        assertThat(store.listStreams()).containsExactly("a", "c.d-e_f");
        assertThat(Files.exists(dir.resolve("root").resolve("b"))).isFalse();
        assertThatThrownBy(() -> store.describeStream("b"))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("stream b not found");

        // A stream created again under the same name starts empty.
        store.createStream("b", 1);
        assertThat(readShard(store, "b", "shardId-000000000000")).isEmpty();
        assertThat(store.putRecord("b", "k", utf8("y")).sequenceNumber())
                .isEqualTo(new SequenceNumber(0, 0).toString());

        // Another store on the same root sees the same streams and records.
        BrookStore other = BrookStore.open(dir.resolve("root").toString());
        assertThat(other.listStreams()).containsExactly("a", "b", "c.d-e_f");
        assertThat(readShard(other, "b", "shardId-000000000000"))
                .extracting(Rec::text)
                .containsExactly("y");
    }

    @Test
    void streamSettingsAreKeptInTheMetadata() {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream(
                "s",
                2,
                StreamSettings.defaults(new Configuration())
                        .withRetention(Duration.ofHours(48))
                        .withMaxRecordBytes(10 << 20)
                        .withProperties(Map.of("schema", "x")));
        StreamMetadata m = BrookStore.open(dir.toString()).metadata("s");
        assertThat(m.retentionMillis()).isEqualTo(Duration.ofHours(48).toMillis());
        assertThat(m.maxRecordBytes()).isEqualTo(10 << 20);
        assertThat(m.properties()).containsEntry("schema", "x");
        store.setProperties("s", Map.of("schema", "y"));
        assertThat(store.metadata("s").properties()).containsExactly(Map.entry("schema", "y"));
        assertThat(store.metadata("s").version()).isEqualTo(2);
    }

    /** The model of one shard: what was put, in offset order. */
    private record Put(String shardId, long offset, String key, String hash, byte[] data, long t) {}

    @Test
    void recordsReadBackAtEveryStartingPosition() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        MutableClock clock = new MutableClock();
        BrookStore store =
                BrookStore.open(BrookStore.toPath(dir.toString()), new Configuration(), clock);
        int shardCount = 1 + rnd.nextInt(4);
        StreamMetadata meta = store.createStream("s", shardCount);
        Map<String, List<Put>> model = new HashMap<>();
        meta.shards().forEach(s -> model.put(s.shardId(), new ArrayList<>()));

        for (int round = 0; round < 120; round++) {
            // Time mostly moves forward, sometimes back: arrival times in a shard never go back.
            if (rnd.nextInt(10) == 0) {
                clock.advance(Duration.ofMillis(-rnd.nextInt(5000)));
            } else {
                clock.advance(Duration.ofMillis(rnd.nextInt(3) * rnd.nextInt(1000)));
            }
            int n = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(30) : 1;
            List<PutRecordsEntry> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key = TestSupport.randomKey(rnd, 20);
                String hash = rnd.nextInt(5) == 0 ? new BigInteger(128, rnd).toString() : null;
                byte[] data = new byte[rnd.nextInt(3) == 0 ? rnd.nextInt(5000) : rnd.nextInt(20)];
                rnd.nextBytes(data);
                entries.add(new PutRecordsEntry(key, data, hash));
            }
            List<String[]> landed = new ArrayList<>(); // shardId, sequence number
            if (n == 1 && rnd.nextBoolean()) {
                PutRecordsEntry e = entries.get(0);
                PutRecordResult r =
                        e.explicitHashKey() == null && rnd.nextBoolean()
                                ? store.putRecord("s", e.partitionKey(), e.data())
                                : store.putRecord(
                                        "s", e.partitionKey(), e.data(), e.explicitHashKey());
                landed.add(new String[] {r.shardId(), r.sequenceNumber()});
            } else {
                PutRecordsResult r = store.putRecords("s", entries);
                assertThat(r.failedRecordCount()).as("seed %d", seed).isZero();
                r.records()
                        .forEach(x -> landed.add(new String[] {x.shardId(), x.sequenceNumber()}));
            }
            for (int i = 0; i < n; i++) {
                PutRecordsEntry e = entries.get(i);
                BigInteger routing =
                        e.explicitHashKey() != null
                                ? new BigInteger(e.explicitHashKey())
                                : HashKeyTest.md5(e.partitionKey());
                String expectedShard =
                        meta.shards().stream()
                                .filter(s -> s.hashKeyRange().contains(HashKey.of(routing)))
                                .findFirst()
                                .orElseThrow()
                                .shardId();
                assertThat(landed.get(i)[0]).as("routing, seed %d", seed).isEqualTo(expectedShard);
                List<Put> shard = model.get(expectedShard);
                long t =
                        Math.max(
                                clock.millis(),
                                shard.isEmpty() ? 0 : shard.get(shard.size() - 1).t());
                Put p =
                        new Put(
                                expectedShard,
                                shard.size(),
                                e.partitionKey(),
                                e.explicitHashKey(),
                                e.data(),
                                t);
                assertThat(landed.get(i)[1])
                        .as("dense sequence numbers, seed %d", seed)
                        .isEqualTo(
                                new SequenceNumber(ShardIds.ordinal(expectedShard), p.offset())
                                        .toString());
                shard.add(p);
            }
        }

        for (ShardMetadata s : meta.shards()) {
            List<Put> puts = model.get(s.shardId());
            String ctx = s.shardId() + ", seed " + seed;
            checkRead(store, s, StartingPosition.trimHorizon(), puts, 0, rnd, ctx);
            checkRead(store, s, StartingPosition.latest(), puts, puts.size(), rnd, ctx);
            for (int q = 0; q < 20 && !puts.isEmpty(); q++) {
                int i = rnd.nextInt(puts.size());
                String seq = new SequenceNumber(s.ordinal(), i).toString();
                checkRead(store, s, StartingPosition.atSequenceNumber(seq), puts, i, rnd, ctx);
                checkRead(
                        store, s, StartingPosition.afterSequenceNumber(seq), puts, i + 1, rnd, ctx);
            }
            for (int q = 0; q < 20; q++) {
                long t;
                if (puts.isEmpty() || q == 0) {
                    t = clock.millis() + 1 + rnd.nextInt(1000); // after everything
                } else {
                    t = puts.get(rnd.nextInt(puts.size())).t() + rnd.nextInt(3) - 1;
                }
                int first = 0;
                while (first < puts.size() && puts.get(first).t() < t) {
                    first++;
                }
                checkRead(
                        store,
                        s,
                        StartingPosition.atTimestamp(t),
                        puts,
                        first,
                        rnd,
                        ctx + ", t " + t);
            }
            checkRead(store, s, StartingPosition.atTimestamp(0), puts, 0, rnd, ctx);
        }
    }

    private static void checkRead(
            BrookStore store,
            ShardMetadata s,
            StartingPosition p,
            List<Put> puts,
            int from,
            Random rnd,
            String ctx)
            throws Exception {
        String what = p.type() + " " + p.sequenceNumber() + ", " + ctx;
        // Through getRecords, with a random limit.
        int limit = 1 + rnd.nextInt(50);
        GetRecordsResult g = store.getRecords("s", s.shardId(), p, limit);
        int expect = Math.min(limit, puts.size() - from);
        assertThat(g.records()).as(what).hasSize(Math.max(0, expect));
        for (int i = 0; i < g.records().size(); i++) {
            assertMatches(g.records().get(i), puts.get(from + i), what);
        }
        assertThat(g.nextOffset()).as(what).isEqualTo(Math.min(puts.size(), from + limit));
        assertThat(g.shardEnded()).as(what).isFalse();
        // Through a reader with a small chunk, to the end.
        List<Rec> all = readShard(store, "s", s.shardId(), p, 1 + rnd.nextInt(300));
        assertThat(all).as(what).hasSize(Math.max(0, puts.size() - from));
        for (int i = 0; i < all.size(); i++) {
            Rec r = all.get(i);
            Put e = puts.get(from + i);
            assertThat(r.offset()).as(what).isEqualTo(e.offset());
            assertThat(r.key()).as(what).isEqualTo(e.key());
            assertThat(r.hashKey()).as(what).isEqualTo(e.hash());
            assertThat(r.data()).as(what).isEqualTo(e.data());
            assertThat(r.arrivalMillis()).as(what).isEqualTo(e.t());
        }
    }

    private static void assertMatches(Record r, Put e, String what) {
        assertThat(r.shardId()).as(what).isEqualTo(e.shardId());
        assertThat(r.offset()).as(what).isEqualTo(e.offset());
        assertThat(r.sequenceNumber())
                .as(what)
                .isEqualTo(new SequenceNumber(ShardIds.ordinal(e.shardId()), e.offset()));
        assertThat(r.partitionKey()).as(what).isEqualTo(e.key());
        assertThat(r.explicitHashKey() == null ? null : r.explicitHashKey().toString())
                .as(what)
                .isEqualTo(e.hash());
        assertThat(r.data()).as(what).isEqualTo(e.data());
        assertThat(r.arrivalMillis()).as(what).isEqualTo(e.t());
    }

    @Test
    void aReaderAtLatestSeesOnlyLaterRecordsAndTailsNewSegments() throws Exception {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 1);
        store.putRecord("s", "k", utf8("old"));
        try (ShardReader r =
                store.openShardReader("s", "shardId-000000000000", StartingPosition.latest())) {
            assertThat(r.read(10).records()).isEmpty();
            store.putRecord("s", "k", utf8("new1"));
            store.putRecords(
                    "s",
                    List.of(
                            new PutRecordsEntry("k", utf8("new2")),
                            new PutRecordsEntry("k", utf8("new3"))));
            GetRecordsResult g = r.read(10);
            assertThat(g.records())
                    .extracting(x -> str(x.data()))
                    .containsExactly("new1", "new2", "new3");
            assertThat(g.records()).extracting(Record::offset).containsExactly(1L, 2L, 3L);
            assertThat(g.millisBehindLatest()).isZero();
            assertThat(r.read(10).records()).isEmpty();
            store.putRecord("s", "k", utf8("new4"));
            assertThat(r.read(10).records()).extracting(x -> str(x.data())).containsExactly("new4");
        }
        // A second store's writes are seen too.
        try (ShardReader r =
                store.openShardReader("s", "shardId-000000000000", StartingPosition.latest())) {
            BrookStore.open(dir.toString()).putRecord("s", "k", utf8("other"));
            assertThat(r.read(10).records())
                    .extracting(x -> str(x.data()))
                    .containsExactly("other");
        }
    }

    @Test
    void putRecordsWritesTheGoodEntriesAndReportsEachBadOne() {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 2);
        String shard1Start = HashKeyRange.even(2).get(1).start().toString();
        List<PutRecordsEntry> entries =
                List.of(
                        new PutRecordsEntry("good-0", utf8("g0")),
                        new PutRecordsEntry("", utf8("empty key")),
                        new PutRecordsEntry("x".repeat(257), utf8("long key")),
                        new PutRecordsEntry("good-1", utf8("g1"), shard1Start),
                        new PutRecordsEntry("big", new byte[(1 << 20) + 1]),
                        new PutRecordsEntry("bad-hash", utf8("h"), "-5"),
                        new PutRecordsEntry("good-2", null),
                        new PutRecordsEntry("bad-hash-2", utf8("h"), "twelve"),
                        new PutRecordsEntry("good-3", new byte[1 << 20], "0"));
        PutRecordsResult r = store.putRecords("s", entries);
        assertThat(r.failedRecordCount()).isEqualTo(5);
        assertThat(r.records()).hasSize(entries.size());
        int[] bad = {1, 2, 4, 5, 7};
        String[] messages = {
            "partition key must not be empty (1 to 256",
            "partition key has 257 characters; the limit is 256",
            "1048577 bytes; stream s accepts at most 1048576 bytes",
            "invalid hash key '-5'",
            "invalid hash key 'twelve'"
        };
        for (int i = 0; i < bad.length; i++) {
            PutRecordsResult.Entry e = r.records().get(bad[i]);
            assertThat(e.failed()).isTrue();
            assertThat(e.errorCode()).isEqualTo("InvalidArgumentException");
            assertThat(e.errorMessage()).contains(messages[i]);
            assertThat(e.shardId()).isNull();
            assertThat(e.sequenceNumber()).isNull();
        }
        assertThat(r.records().get(3).shardId()).isEqualTo("shardId-000000000001");
        assertThat(r.records().get(8).shardId()).isEqualTo("shardId-000000000000");
        List<Rec> all = new ArrayList<>(readShard(store, "s", "shardId-000000000000"));
        all.addAll(readShard(store, "s", "shardId-000000000001"));
        assertThat(all)
                .extracting(Rec::key)
                .containsExactlyInAnyOrder("good-0", "good-1", "good-2", "good-3");
        for (int i : new int[] {0, 3, 6, 8}) {
            PutRecordsResult.Entry e = r.records().get(i);
            assertThat(e.failed()).isFalse();
            SequenceNumber sn = SequenceNumber.parse(e.sequenceNumber());
            Rec rec =
                    all.stream()
                            .filter(
                                    x ->
                                            x.shardId().equals(e.shardId())
                                                    && x.offset() == sn.offset())
                            .findFirst()
                            .orElseThrow();
            assertThat(rec.key()).isEqualTo(entries.get(i).partitionKey());
            assertThat(rec.data())
                    .isEqualTo(entries.get(i).data() == null ? new byte[0] : entries.get(i).data());
        }
        assertThat(
                        all.stream()
                                .filter(x -> x.key().equals("good-1"))
                                .findFirst()
                                .orElseThrow()
                                .hashKey())
                .isEqualTo(shard1Start);

        // A batch of only bad entries writes nothing and reports all of them.
        PutRecordsResult none =
                store.putRecords(
                        "s",
                        List.of(
                                new PutRecordsEntry("", utf8("a")),
                                new PutRecordsEntry("", utf8("b"))));
        assertThat(none.failedRecordCount()).isEqualTo(2);
        assertThat(
                        readShard(store, "s", "shardId-000000000000").size()
                                + readShard(store, "s", "shardId-000000000001").size())
                .isEqualTo(4);
    }

    @Test
    void sequenceNumbersOfAnotherShardAreRejected() {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 2);
        String seq = new SequenceNumber(1, 0).toString();
        assertThatThrownBy(
                        () ->
                                store.getRecords(
                                        "s",
                                        "shardId-000000000000",
                                        StartingPosition.atSequenceNumber(seq),
                                        10))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("belongs to shardId-000000000001, not shardId-000000000000");
    }

    @Test
    void iteratorTypeNamesParse() {
        assertThat(StartingPosition.parseType("trim-horizon"))
                .isEqualTo(StartingPosition.Type.TRIM_HORIZON);
        assertThat(StartingPosition.parseType(" AT_TIMESTAMP "))
                .isEqualTo(StartingPosition.Type.AT_TIMESTAMP);
        assertThatThrownBy(() -> StartingPosition.parseType("EARLIEST"))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("unknown shard iterator type 'EARLIEST'")
                .hasMessageContaining("TRIM_HORIZON");
    }
}
