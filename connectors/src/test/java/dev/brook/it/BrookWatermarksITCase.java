package dev.brook.it;

import static dev.brook.it.ItSupport.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.source.BrookSource;
import dev.brook.store.BrookStore;
import dev.brook.store.HashKey;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.PutRecordsResult;
import dev.brook.store.Record;
import dev.brook.store.StartingPosition;
import dev.brook.store.TestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-shard watermarks with the records' arrival times as event time: 100 ms tumbling event-time
 * windows fire with exactly the records whose arrival times fall in them, also when a shard gets no
 * data (with idleness) and after a restore in which a finished shard comes back in the reader's
 * state. Everything a window needs arrives before the data that closes it, so the results do not
 * depend on timing; a watermark that never advances shows as a wait that never ends.
 */
class BrookWatermarksITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static final long WINDOW = 100;
    private static final String LOW = "0";
    private static final String HIGH = HashKey.MAX.toString();

    @TempDir Path dir;

    /** Emits {@code windowStart:count} per window. */
    static final class CountPerWindow extends ProcessAllWindowFunction<String, String, TimeWindow> {
        @Override
        public void process(Context ctx, Iterable<String> elements, Collector<String> out) {
            long n = 0;
            for (String ignored : elements) {
                n++;
            }
            out.collect(ctx.window().getStart() + ":" + n);
        }
    }

    private static DataStream<String> windows(DataStream<String> records) {
        return records.windowAll(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW)))
                .process(new CountPerWindow())
                .uid("windows");
    }

    /** Puts {@code n} records with these explicit hash keys in turn; returns when they arrived. */
    private static List<Long> put(
            BrookStore store, String stream, String tag, int n, String... hashKeys) {
        List<PutRecordsEntry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(
                    new PutRecordsEntry(
                            "k" + i, (tag + i).getBytes(UTF_8), hashKeys[i % hashKeys.length]));
        }
        PutRecordsResult r = ItSupport.put(store, stream, batch);
        List<Long> arrivals = new ArrayList<>();
        for (PutRecordsResult.Entry e : r.records()) {
            Record rec =
                    store.getRecords(
                                    stream,
                                    e.shardId(),
                                    StartingPosition.atSequenceNumber(e.sequenceNumber()),
                                    1)
                            .records()
                            .get(0);
            arrivals.add(rec.arrivalMillis());
        }
        return arrivals;
    }

    /** Waits until the clock is a window and more past {@code arrivals}. */
    private static void waitPast(List<Long> arrivals) throws InterruptedException {
        long last = arrivals.stream().mapToLong(Long::longValue).max().orElseThrow();
        while (System.currentTimeMillis() < last + 2 * WINDOW) {
            Thread.sleep(10);
        }
    }

    private static Map<String, Long> expectedWindows(List<Long> arrivals) {
        Map<String, Long> windows = new TreeMap<>();
        for (long t : arrivals) {
            windows.merge(String.valueOf(t - t % WINDOW), 1L, Long::sum);
        }
        return windows;
    }

    private static Map<String, Long> asMap(List<String> results) {
        Map<String, Long> m = new TreeMap<>();
        for (String r : results) {
            String[] p = r.split(":");
            m.merge(p[0], Long.parseLong(p[1]), Long::sum);
        }
        return m;
    }

    /** Drains an iterator in the background. */
    private static ConcurrentLinkedQueue<String> drain(CloseableIterator<String> it) {
        ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                it.forEachRemaining(got::add);
                            } catch (RuntimeException e) {
                                // the job was cancelled
                            }
                        });
        t.setDaemon(true);
        t.start();
        return got;
    }

    @Test
    void anIdleShardDoesNotHoldTheWatermarkBack() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("w", 2); // shard 1 never gets a record

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<String> records =
                env.fromSource(
                        BrookSource.<String>builder().root(dir.toString()).stream("w")
                                .deserializer(new SimpleStringSchema())
                                .build(),
                        WatermarkStrategy.<String>forMonotonousTimestamps()
                                .withIdleness(Duration.ofMillis(200)),
                        "brook");
        try (CloseableIterator<String> it = windows(records).collectAsync()) {
            JobClient job = env.executeAsync("idleness");
            ConcurrentLinkedQueue<String> got = drain(it);
            List<Long> first = put(store, "w", "a", 10 + rnd.nextInt(20), LOW);
            waitPast(first);
            put(store, "w", "b", 5, LOW); // moves shard 0's watermark past the first window
            Map<String, Long> expected = expectedWindows(first);
            await(
                    seed,
                    () -> asMap(new ArrayList<>(got)).keySet().containsAll(expected.keySet()),
                    () -> "windows " + expected + " to fire, got " + got);
            ItSupport.cancel(job);
            assertThat(asMap(new ArrayList<>(got)))
                    .as("window start:count of arrival times %s, seed %s", first, seed)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aFinishedShardRestoredFromASavepointDoesNotHoldTheWatermarkBack() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("r", 1);
        // shard 0 is closed and empty; its children 1 and 2 get the data.
        store.splitShard(
                "r",
                "shardId-000000000000",
                HashKey.of(HashKey.MAX_VALUE.shiftRight(1)).toString());
        String savepointDir = dir.resolve("savepoints").toUri().toString();

        // First run: reads shard 0 to its seal and a probe from a child, then a savepoint.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        String savepoint;
        try (CloseableIterator<String> it =
                env.fromSource(source(), WatermarkStrategy.noWatermarks(), "brook")
                        .uid("brook")
                        .collectAsync()) {
            JobClient first = env.executeAsync("before the savepoint");
            ConcurrentLinkedQueue<String> got = drain(it);
            put(store, "r", "probe", 1, LOW);
            await(seed, () -> !got.isEmpty(), () -> "the probe to be read from a child shard");
            savepoint = first.triggerSavepoint(savepointDir, SavepointFormatType.CANONICAL).get();
            ItSupport.cancel(first);
        }

        // Second run: event time, no idleness; the restored reader holds the finished shard 0.
        Configuration conf = new Configuration();
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        DataStream<String> records =
                env.fromSource(
                                source(),
                                WatermarkStrategy.<String>forMonotonousTimestamps(),
                                "brook")
                        .uid("brook");
        try (CloseableIterator<String> it = windows(records).collectAsync()) {
            JobClient second = env.executeAsync("after the savepoint");
            ConcurrentLinkedQueue<String> got = drain(it);
            List<Long> first = put(store, "r", "a", 10 + rnd.nextInt(20), LOW, HIGH);
            waitPast(first);
            put(store, "r", "b", 4, LOW, HIGH); // moves both children's watermarks on
            Map<String, Long> expected = expectedWindows(first);
            await(
                    seed,
                    () -> asMap(new ArrayList<>(got)).keySet().containsAll(expected.keySet()),
                    () -> "windows " + expected + " to fire, got " + got);
            ItSupport.cancel(second);
            assertThat(asMap(new ArrayList<>(got)))
                    .as("window start:count of arrival times %s, seed %s", first, seed)
                    .isEqualTo(expected);
        }
    }

    private BrookSource<String> source() {
        return BrookSource.<String>builder().root(dir.toString()).stream("r")
                .shardDiscoveryInterval(Duration.ofMillis(100))
                .deserializer(new SimpleStringSchema())
                .build();
    }
}
