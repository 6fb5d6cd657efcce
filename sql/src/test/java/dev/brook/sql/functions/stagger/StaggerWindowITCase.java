package dev.brook.sql.functions.stagger;

import static org.apache.flink.table.api.Expressions.$;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brook.sql.functions.BrookFunctions;
import dev.brook.sql.functions.ItSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** STAGGER_WINDOW over generated keyed events with known first events. */
class StaggerWindowITCase {
    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = ItSupport.miniCluster();

    private static final long WINDOW = 10_000;
    private static final long OUT_OF_ORDERNESS = 3_000;

    private static final TypeInformation<Row> EVENT =
            Types.ROW_NAMED(
                    new String[] {"k", "v", "w", "label", "time"},
                    Types.STRING,
                    Types.INT,
                    Types.DOUBLE,
                    Types.STRING,
                    Types.LONG);

    record Event(String key, long time, int v, Double w) {}

    record Window(String key, long start, long count, long vSum, int vMin, int vMax, double wSum) {}

    @Test
    void windowsOpenAtEachKeysFirstEventAndCountExactly() throws Exception {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        // Keys start at different, known times and send at different rates, with gaps longer
        // than a window so that some windows open well after the previous one closed.
        List<Event> events = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            long t = 1_000_000 + k * 1_234 + rnd.nextInt(5_000); // the key's first event
            int n = 50 + rnd.nextInt(150);
            for (int i = 0; i < n; i++) {
                events.add(
                        new Event(
                                "k" + k,
                                t,
                                rnd.nextInt(100) - 20,
                                rnd.nextInt(10) == 0 ? null : rnd.nextDouble()));
                t += rnd.nextInt(10) == 0 ? 12_000 + rnd.nextInt(20_000) : rnd.nextInt(1_500);
            }
        }
        // Arrival order: by time, each event up to 2.5 s late (within the watermark's 3 s).
        Map<Event, Long> arrives = new IdentityHashMap<>();
        for (Event e : events) {
            arrives.put(e, e.time + rnd.nextInt(2_500));
        }
        List<Event> arrival = new ArrayList<>(events);
        arrival.sort(Comparator.comparingLong(arrives::get));
        assertNoneLate(arrival);

        List<Row> out = run(arrival, "window_size => INTERVAL '10' SECOND");

        List<Window> expected = expectedWindows(events);
        List<Window> actual = new ArrayList<>();
        for (Row row : out) {
            long start = ((Instant) row.getField(1)).toEpochMilli();
            long end = ((Instant) row.getField(2)).toEpochMilli();
            assertThat(end - start).isEqualTo(WINDOW);
            // rowtime: the window's last millisecond, a time attribute for later operations
            assertThat(((Instant) row.getField(12)).toEpochMilli()).isEqualTo(end - 1);
            assertThat(row.getArity()).isEqualTo(13);
            long count = (Long) row.getField(3);
            Window w =
                    new Window(
                            (String) row.getField(0),
                            start,
                            count,
                            (Long) row.getField(4),
                            ((Long) row.getField(5)).intValue(),
                            ((Long) row.getField(6)).intValue(),
                            row.getField(8) == null ? 0 : (Double) row.getField(8));
            assertThat((Double) row.getField(7))
                    .as("v_avg of %s, seed %s", row, seed)
                    .isCloseTo((double) w.vSum / count, within(1e-9));
            actual.add(w);
        }
        assertThat(strip(actual))
                .as("seed %s", seed)
                .containsExactlyInAnyOrderElementsOf(strip(expected));
        for (Window e : expected) {
            Window a =
                    actual.stream()
                            .filter(x -> x.key.equals(e.key) && x.start == e.start)
                            .findFirst()
                            .orElseThrow();
            assertThat(a.wSum).as("w_sum, seed %s", seed).isCloseTo(e.wSum, within(1e-9));
        }
        // Every event is in exactly one window.
        assertThat(actual.stream().mapToLong(Window::count).sum()).isEqualTo(events.size());
    }

    @Test
    void lateRowsAreDroppedWindowEndsAreExclusiveAndWindowsOfSilentKeysStillClose()
            throws Exception {
        List<Event> arrival =
                List.of(
                        new Event("a", 10_000, 1, 1.0),
                        new Event("b", 11_000, 1, 1.0),
                        new Event("a", 30_000, 2, 1.0), // watermark now 26.999 s
                        new Event("a", 19_000, 100, 1.0), // late: dropped
                        new Event("a", 28_000, 4, 1.0), // on time, before 30 s
                        new Event("a", 45_000, 8, 1.0),
                        new Event("a", 55_000, 16, 1.0)); // exactly at the end: a new window
        List<Row> out = run(arrival, "window_size => INTERVAL '10' SECOND");
        List<String> windows = new ArrayList<>();
        for (Row row : out) {
            windows.add(
                    row.getField(0)
                            + " "
                            + ((Instant) row.getField(1)).toEpochMilli()
                            + " count "
                            + row.getField(3)
                            + " sum "
                            + row.getField(4));
        }
        assertThat(windows)
                .containsExactlyInAnyOrder(
                        "a 10000 count 1 sum 1",
                        "b 11000 count 1 sum 1",
                        "a 28000 count 2 sum 6",
                        "a 45000 count 1 sum 8",
                        "a 55000 count 1 sum 16");
    }

    /** Checks that no generated event arrives behind the watermark (so none is dropped). */
    private static void assertNoneLate(List<Event> arrival) {
        long max = 0;
        for (Event e : arrival) {
            assertThat(e.time).isGreaterThan(max - OUT_OF_ORDERNESS - 1);
            max = Math.max(max, e.time);
        }
    }

    private static List<String> strip(List<Window> windows) {
        List<String> out = new ArrayList<>();
        for (Window w : windows) {
            out.add(
                    w.key + "@" + w.start + " " + w.count + " " + w.vSum + " " + w.vMin + ".."
                            + w.vMax);
        }
        return out;
    }

    /** The stagger windows of {@code events}, by definition: per key, in time order. */
    static List<Window> expectedWindows(List<Event> events) {
        TreeMap<String, List<Event>> byKey = new TreeMap<>();
        for (Event e : events) {
            byKey.computeIfAbsent(e.key, k -> new ArrayList<>()).add(e);
        }
        List<Window> windows = new ArrayList<>();
        for (List<Event> keyed : byKey.values()) {
            keyed.sort(Comparator.comparingLong(Event::time));
            int i = 0;
            while (i < keyed.size()) {
                long start = keyed.get(i).time;
                long count = 0;
                long vSum = 0;
                int vMin = Integer.MAX_VALUE;
                int vMax = Integer.MIN_VALUE;
                double wSum = 0;
                while (i < keyed.size() && keyed.get(i).time < start + WINDOW) {
                    Event e = keyed.get(i++);
                    count++;
                    vSum += e.v;
                    vMin = Math.min(vMin, e.v);
                    vMax = Math.max(vMax, e.v);
                    wSum += e.w == null ? 0 : e.w;
                }
                windows.add(new Window(keyed.get(0).key, start, count, vSum, vMin, vMax, wSum));
            }
        }
        return windows;
    }

    private static List<Row> run(List<Event> arrival, String size) throws Exception {
        StreamExecutionEnvironment env = ItSupport.env(2);
        StreamTableEnvironment tEnv = ItSupport.tableEnv(env);
        BrookFunctions.registerAll(tEnv);
        List<Row> rows = new ArrayList<>();
        for (Event e : arrival) {
            rows.add(Row.of(e.key, e.v, e.w, "label-" + e.v, e.time));
        }
        DataStream<Row> stream =
                env.fromData(rows, EVENT)
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Row>forGenerator(ctx -> new EveryEvent())
                                        .withTimestampAssigner(
                                                (row, previous) -> (Long) row.getField(4)))
                        .setParallelism(1);
        tEnv.createTemporaryView(
                "events",
                tEnv.fromDataStream(
                                stream,
                                Schema.newBuilder()
                                        .column("k", DataTypes.STRING())
                                        .column("v", DataTypes.INT())
                                        .column("w", DataTypes.DOUBLE())
                                        .column("label", DataTypes.STRING())
                                        .column("time", DataTypes.BIGINT())
                                        .columnByMetadata(
                                                "ts", DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                                        .watermark("ts", "SOURCE_WATERMARK()")
                                        .build())
                        .dropColumns($("time")));
        return ItSupport.collect(
                tEnv.executeSql(
                        "SELECT * FROM STAGGER_WINDOW(input => TABLE events PARTITION BY k,"
                                + " on_time => DESCRIPTOR(ts), "
                                + size
                                + ")"));
    }

    /** A watermark after every event: (largest time so far) - 3 s - 1 ms. */
    static final class EveryEvent implements WatermarkGenerator<Row> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(Row event, long timestamp, WatermarkOutput output) {
            max = Math.max(max, timestamp);
            output.emitWatermark(new Watermark(max - OUT_OF_ORDERNESS - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
