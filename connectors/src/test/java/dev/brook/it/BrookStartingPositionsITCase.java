package dev.brook.it;

import static dev.brook.it.ItSupport.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.source.BrookDeserializationSchema;
import dev.brook.source.BrookSource;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.Record;
import dev.brook.store.ShardMetadata;
import dev.brook.store.StartingPosition;
import dev.brook.store.TestSupport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the source starts, and where a bounded source stops: LATEST, AT_TIMESTAMP,
 * AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, and a bounded read of a stream that keeps growing.
 */
class BrookStartingPositionsITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    /** Emits {@code shardId/offset/data} for every record. */
    static final class WithPosition implements BrookDeserializationSchema<String> {
        @Override
        public void deserialize(Record record, Collector<String> out) throws IOException {
            out.collect(position(record) + "/" + new String(record.data(), UTF_8));
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    static String position(Record r) {
        return r.shardId() + "/" + r.offset();
    }

    private BrookSource.Builder<String> source(String stream) {
        return BrookSource.<String>builder().root(dir.toString()).stream(stream)
                .deserializer(new WithPosition());
    }

    private List<String> runBounded(BrookSource<String> source) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<String> got = new ArrayList<>();
        try (CloseableIterator<String> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "brook")
                        .executeAndCollect()) {
            it.forEachRemaining(got::add);
        }
        return got;
    }

    /** Every record of a stream (no reshards), as {@code shardId/offset/data}, with its record. */
    private static Map<String, Record> everything(BrookStore store, String stream) {
        Map<String, Record> all = new HashMap<>();
        for (ShardMetadata s : store.metadata(stream).shards()) {
            for (Record r :
                    store.getRecords(stream, s.shardId(), StartingPosition.trimHorizon(), 10_000)
                            .records()) {
                all.put(position(r) + "/" + ItSupport.value(r), r);
            }
        }
        return all;
    }

    private static void put(BrookStore store, String stream, String prefix, int n) {
        List<PutRecordsEntry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(new PutRecordsEntry("key-" + i, (prefix + "#" + i).getBytes(UTF_8)));
        }
        ItSupport.put(store, stream, batch);
    }

    @Test
    void latestReadsOnlyWhatComesAfterTheStart() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 2);
        for (int i = 0; i < 5; i++) {
            put(store, "s", "before" + i, 50 + rnd.nextInt(50));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<String> stream =
                env.fromSource(
                        source("s").startingPosition(StartingPosition.latest()).build(),
                        WatermarkStrategy.noWatermarks(),
                        "brook");
        ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
        int after = 0;
        try (CloseableIterator<String> it = stream.collectAsync()) {
            JobClient job = env.executeAsync("latest");
            Thread drain =
                    new Thread(
                            () -> {
                                try {
                                    it.forEachRemaining(got::add);
                                } catch (RuntimeException e) {
                                    // the job was cancelled
                                }
                            });
            drain.setDaemon(true);
            drain.start();
            // Probes until one comes through: from then on the start positions are pinned.
            int probes = 0;
            while (got.stream().noneMatch(v -> v.contains("/probe"))) {
                put(store, "s", "probe" + probes++, 4);
                Thread.sleep(20);
                assertThat(probes).as("probes before one was read").isLessThan(5_000);
            }
            for (int i = 0; i < 5; i++) {
                int n = 50 + rnd.nextInt(50);
                put(store, "s", "after" + i, n);
                after += n;
            }
            int expected = after;
            await(
                    seed,
                    () -> got.stream().filter(v -> v.contains("/after")).count() >= expected,
                    () -> "all " + expected + " records put after the start");
            ItSupport.cancel(job);
        }
        List<String> values = new ArrayList<>(got);
        assertThat(values).as("seed %s", seed).doesNotHaveDuplicates();
        assertThat(values)
                .as("records put before the job started, seed %s", seed)
                .noneMatch(v -> v.contains("/before"));
        assertThat(values.stream().filter(v -> v.contains("/after")).count())
                .as("records put after the job started, seed %s", seed)
                .isEqualTo(after);
    }

    @Test
    void atTimestampReadsExactlyTheRecordsThatArrivedAtOrAfterIt() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("t", 2);
        for (int i = 0; i < 6; i++) {
            long before = System.currentTimeMillis();
            put(store, "t", "batch" + i, 20 + rnd.nextInt(40));
            while (System.currentTimeMillis() <= before + 2) {
                Thread.sleep(1); // the next batch arrives at a later millisecond
            }
        }
        Map<String, Record> all = everything(store, "t");
        List<Long> arrivals =
                all.values().stream().map(Record::arrivalMillis).distinct().sorted().toList();
        long t = arrivals.get(1 + rnd.nextInt(arrivals.size() - 2));
        List<String> expected =
                all.entrySet().stream()
                        .filter(e -> e.getValue().arrivalMillis() >= t)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toList());

        List<String> got =
                runBounded(
                        source("t")
                                .startingPosition(StartingPosition.atTimestamp(t))
                                .bounded()
                                .build());
        assertThat(expected).as("seed %s", seed).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(got)
                .as("AT_TIMESTAMP %s over arrival times %s, seed %s", t, arrivals, seed)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void atAndAfterSequenceNumberStartAtThatRecordOrTheNext() throws Exception {
        long seed = TestSupport.seed();
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("q", 1);
        for (int i = 0; i < 4; i++) {
            put(store, "q", "batch" + i, 75);
        }
        int at = 1 + new Random(seed).nextInt(298);
        Record pivot =
                store.getRecords(
                                "q", "shardId-000000000000", StartingPosition.trimHorizon(), 10_000)
                        .records()
                        .get(at);
        String sn = pivot.sequenceNumber().toString();
        Map<String, Record> all = everything(store, "q");

        List<String> fromAt =
                runBounded(
                        source("q")
                                .startingPosition(StartingPosition.atSequenceNumber(sn))
                                .bounded()
                                .build());
        assertThat(fromAt)
                .as("AT_SEQUENCE_NUMBER %s, seed %s", sn, seed)
                .containsExactlyInAnyOrderElementsOf(
                        all.keySet().stream()
                                .filter(k -> all.get(k).offset() >= at)
                                .collect(Collectors.toList()));

        List<String> fromAfter =
                runBounded(
                        source("q")
                                .startingPosition(StartingPosition.afterSequenceNumber(sn))
                                .bounded()
                                .build());
        assertThat(fromAfter)
                .as("AFTER_SEQUENCE_NUMBER %s, seed %s", sn, seed)
                .containsExactlyInAnyOrderElementsOf(
                        all.keySet().stream()
                                .filter(k -> all.get(k).offset() > at)
                                .collect(Collectors.toList()));
    }

    @Test
    void boundedReadOfALiveStreamEndsWithWhatExistedAtTheStart() throws Exception {
        long seed = TestSupport.seed();
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("live", 2);
        ItSupport.putSequenced(store, "live", new Random(seed), 30, 2_000, new HashMap<>());
        ItSupport.ProducerThread producer =
                new ItSupport.ProducerThread(
                        store, "live", new Random(seed + 1), 30, 20, new HashMap<>());
        Map<String, Long> endsBefore = new HashMap<>();
        Map<String, Long> endsAtFirstRecord = new HashMap<>();
        List<String> got = new ArrayList<>();
        producer.start();
        try {
            await(seed, () -> producer.sent() > 0, () -> "the producer to write");
            ends(store, "live", endsBefore);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            DataStream<String> stream =
                    env.fromSource(
                                    source("live").bounded().build(),
                                    WatermarkStrategy.noWatermarks(),
                                    "brook")
                            .map(new Throttle());
            try (CloseableIterator<String> it = stream.collectAsync()) {
                env.executeAsync("bounded read of a live stream");
                while (it.hasNext()) {
                    if (got.isEmpty()) {
                        // The ends the source stops at were fixed before it read anything.
                        ends(store, "live", endsAtFirstRecord);
                    }
                    got.add(it.next());
                }
            }
            long sentAtEnd = producer.sent();
            await(seed, () -> producer.sent() > sentAtEnd, () -> "the producer to go on writing");
        } finally {
            producer.finish();
        }
        assertThat(got).as("seed %s", seed).doesNotHaveDuplicates();
        Map<String, List<Long>> offsets = new HashMap<>();
        for (String v : got) {
            String[] p = v.split("/");
            offsets.computeIfAbsent(p[0], k -> new ArrayList<>()).add(Long.parseLong(p[1]));
        }
        long grewBy = 0;
        for (Map.Entry<String, Long> e : endsBefore.entrySet()) {
            List<Long> read = offsets.getOrDefault(e.getKey(), List.of());
            long n = read.size();
            // A prefix of the shard: offsets 0..n-1, each once.
            assertThat(read)
                    .as("offsets read from %s, seed %s", e.getKey(), seed)
                    .containsExactlyInAnyOrderElementsOf(LongStream.range(0, n).boxed().toList());
            assertThat(n)
                    .as(
                            "records read from %s: at least its end before the job started, at"
                                    + " most its end when the first record was read, seed %s",
                            e.getKey(), seed)
                    .isBetween(e.getValue(), endsAtFirstRecord.get(e.getKey()));
            grewBy += store.shardLog("live", e.getKey()).endOffset() - n;
        }
        assertThat(grewBy).as("records written meanwhile and not read, seed %s", seed).isPositive();
    }

    private static void ends(BrookStore store, String stream, Map<String, Long> into)
            throws IOException {
        for (ShardMetadata s : store.metadata(stream).shards()) {
            into.put(s.shardId(), store.shardLog(stream, s.shardId()).endOffset());
        }
    }

    /** Slows a read down so that the producer writes plenty while it runs. */
    static final class Throttle implements MapFunction<String, String> {
        private long n;

        @Override
        public String map(String value) throws InterruptedException {
            if (++n % 10 == 0) {
                Thread.sleep(1);
            }
            return value;
        }
    }
}
