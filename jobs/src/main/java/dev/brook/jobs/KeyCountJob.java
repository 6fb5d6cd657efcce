package dev.brook.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.sink.BrookSerializationSchema;
import dev.brook.sink.BrookSink;
import dev.brook.source.BrookDeserializationSchema;
import dev.brook.source.BrookSource;
import dev.brook.store.Record;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple4;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The example job: reads a stream, counts records per partition key per window of arrival time (a
 * minute by default), and writes one JSON record per key and window to another stream, keyed by the
 * same partition key, exactly once.
 */
public final class KeyCountJob {
    /** What the job needs to know. */
    public record Settings(
            String root, String input, String output, Duration window, boolean bounded) {}

    private KeyCountJob() {}

    /** Adds the job to {@code env}; the caller executes it. */
    public static void build(StreamExecutionEnvironment env, Settings s) {
        BrookSource.Builder<String> source =
                BrookSource.<String>builder().root(s.root()).stream(s.input())
                        .deserializer(new PartitionKeys());
        if (s.bounded()) {
            source.bounded();
        }
        env.fromSource(
                        source.build(),
                        WatermarkStrategy.<String>forMonotonousTimestamps()
                                .withIdleness(Duration.ofSeconds(30)),
                        "brook:" + s.input())
                .keyBy(key -> key)
                .window(TumblingEventTimeWindows.of(s.window()))
                .aggregate(new Count(), new ToResult())
                .name("count per key and window")
                .sinkTo(
                        BrookSink.<Tuple4<String, Long, Long, Long>>builder().root(s.root()).stream(
                                        s.output())
                                .serializer(new ResultJson())
                                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .build())
                .name("brook:" + s.output());
    }

    /** Only the partition key matters here; event time is the record's arrival time. */
    static final class PartitionKeys implements BrookDeserializationSchema<String> {
        @Override
        public void deserialize(Record record, Collector<String> out) {
            out.collect(record.partitionKey());
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    static final class Count implements AggregateFunction<String, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(String key, Long acc) {
            return acc + 1;
        }

        @Override
        public Long getResult(Long acc) {
            return acc;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** (key, window start, window end, count). */
    static final class ToResult
            extends ProcessWindowFunction<
                    Long, Tuple4<String, Long, Long, Long>, String, TimeWindow> {
        @Override
        public void process(
                String key,
                Context context,
                Iterable<Long> counts,
                Collector<Tuple4<String, Long, Long, Long>> out) {
            TimeWindow w = context.window();
            out.collect(Tuple4.of(key, w.getStart(), w.getEnd(), counts.iterator().next()));
        }
    }

    /** {"key":..., "window_start":..., "window_end":..., "count":...}, keyed by the key. */
    static final class ResultJson
            implements BrookSerializationSchema<Tuple4<String, Long, Long, Long>> {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        @Override
        public String partitionKey(Tuple4<String, Long, Long, Long> r) {
            return r.f0;
        }

        @Override
        public byte[] data(Tuple4<String, Long, Long, Long> r) {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("key", r.f0);
            n.put("window_start", r.f1);
            n.put("window_end", r.f2);
            n.put("count", r.f3);
            return n.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
