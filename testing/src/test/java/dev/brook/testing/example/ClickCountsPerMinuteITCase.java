package dev.brook.testing.example;

import static dev.brook.testing.BrookAssertions.assertPerKeyOrder;
import static dev.brook.testing.BrookAssertions.assertSameMultiset;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.brook.sink.BrookSink;
import dev.brook.source.BrookDeserializationSchema;
import dev.brook.source.BrookSource;
import dev.brook.store.Record;
import dev.brook.testing.BrookExtension;
import dev.brook.testing.FailingMap;
import dev.brook.testing.TestRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a user's test of a Brook job looks like: clicks in, a Flink job counting each user's clicks
 * per minute, counts out, exactly once even though the job fails twice on the way.
 */
class ClickCountsPerMinuteITCase {

    @RegisterExtension static final BrookExtension brook = BrookExtension.withMiniCluster();

    /** A click: the user is the record's partition key, the data is the click's time. */
    public static final class Click {
        public String user;
        public long time;

        public Click() {}

        Click(String user, long time) {
            this.user = user;
            this.time = time;
        }
    }

    /** Reads a click from a Brook record: key and data. */
    static final class ClickDeserializer implements BrookDeserializationSchema<Click> {
        @Override
        public void deserialize(Record record, Collector<Click> out) {
            String time = new String(record.data(), StandardCharsets.UTF_8);
            out.collect(new Click(record.partitionKey(), Instant.parse(time).toEpochMilli()));
        }

        @Override
        public TypeInformation<Click> getProducedType() {
            return TypeInformation.of(Click.class);
        }
    }

    static final class Count implements AggregateFunction<Click, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Click click, Long count) {
            return count + 1;
        }

        @Override
        public Long getResult(Long count) {
            return count;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** {@code user,minute,count}, e.g. {@code user-3,2024-05-01T10:02:00Z,17}. */
    static final class Format extends ProcessWindowFunction<Long, String, String, TimeWindow> {
        @Override
        public void process(
                String user, Context context, Iterable<Long> counts, Collector<String> out) {
            out.collect(
                    user
                            + ","
                            + Instant.ofEpochMilli(context.window().getStart())
                            + ","
                            + counts.iterator().next());
        }
    }

    /** The job under test, as the application would build it. */
    static void buildJob(StreamExecutionEnvironment env, String root, FailingMap<Click> faults) {
        env.fromSource(
                        BrookSource.<Click>builder().root(root).stream("clicks")
                                .bounded()
                                .deserializer(new ClickDeserializer())
                                .build(),
                        WatermarkStrategy.<Click>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                                .withTimestampAssigner((click, ts) -> click.time),
                        "clicks")
                .map(faults)
                .keyBy(click -> click.user)
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                .aggregate(new Count(), new Format())
                .sinkTo(
                        BrookSink.<String>builder().root(root).stream("counts")
                                .serializer(new SimpleStringSchema(), line -> line.split(",")[0])
                                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .build());
    }

    @Test
    void countsEachUsersClicksPerMinuteExactlyOnceThroughFailures() throws Exception {
        brook.createStream("clicks", 4);
        brook.createStream("counts", 2);

        // 3000 clicks of 20 users over ten minutes, and the counts they should give.
        Random random = new Random(42);
        Instant start = Instant.parse("2024-05-01T10:00:00Z");
        List<TestRecord> clicks = new ArrayList<>();
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < 3000; i++) {
            String user = "user-" + random.nextInt(20);
            Instant time = start.plusMillis(i * 200L);
            clicks.add(TestRecord.of(user, time.toString()));
            Instant minute = start.plusSeconds(60L * (i * 200L / 60_000));
            counts.merge(user + "," + minute, 1L, Long::sum);
        }
        brook.putAll("clicks", clicks);
        List<TestRecord> expected = new ArrayList<>();
        counts.forEach((k, n) -> expected.add(TestRecord.of(k.split(",")[0], k + "," + n)));

        // Run the job; it fails twice after 500 clicks in a subtask, and recovers.
        StreamExecutionEnvironment env = brook.env();
        env.enableCheckpointing(100);
        FailingMap<Click> faults = FailingMap.failAfter(500, 2);
        buildJob(env, brook.root(), faults);
        env.execute("click counts");

        List<TestRecord> actual = brook.readAll("counts");
        assertEquals(2, faults.failuresInjected());
        assertSameMultiset(expected, actual);
        // Each user's minutes come in order.
        assertPerKeyOrder(
                actual,
                TestRecord::key,
                r -> Instant.parse(r.value().split(",")[1]).toEpochMilli());
    }
}
