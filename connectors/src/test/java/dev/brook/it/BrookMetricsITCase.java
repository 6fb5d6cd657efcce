package dev.brook.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.sink.BrookSerializationSchema;
import dev.brook.sink.BrookSink;
import dev.brook.source.BrookDeserializationSchema;
import dev.brook.source.BrookSource;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.Record;
import dev.brook.store.ShardMetadata;
import dev.brook.store.TestSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * FLIP-33 metrics of a Brook → Flink → Brook job, as a metric reporter sees them: the source's
 * numRecordsIn and numBytesIn, the sink writer's numRecordsSend / numRecordsOut and numBytesSend /
 * numBytesOut, each summed over subtasks and equal to what went through; and a millisBehindLatest
 * gauge for every shard read.
 */
class BrookMetricsITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    void sourceAndSinkReportRecordsAndBytes() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("in", 3);
        store.createStream("out", 2);
        int records = 0;
        long bytes = 0;
        for (int b = 0; b < 5; b++) {
            List<PutRecordsEntry> batch = new ArrayList<>();
            for (int i = 0; i < 100 + rnd.nextInt(100); i++) {
                byte[] data = new byte[rnd.nextInt(200)];
                rnd.nextBytes(data);
                batch.add(new PutRecordsEntry("k" + rnd.nextInt(1000), data));
                records++;
                bytes += data.length;
            }
            ItSupport.put(store, "in", batch);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.fromSource(
                        BrookSource.<byte[]>builder().root(dir.toString()).stream("in")
                                .bounded()
                                .deserializer(new RawBytes())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "brook-in")
                .sinkTo(
                        BrookSink.<byte[]>builder().root(dir.toString()).stream("out")
                                .serializer(new RawBytes())
                                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .build())
                .name("brook-out");
        JobClient job = env.executeAsync("metrics");
        job.getJobExecutionResult().get();
        JobID id = job.getJobID();

        assertThat(ItSupport.count(store, "out")).as("seed %s", seed).isEqualTo(records);
        assertThat(sum(id, "Source: brook-in", "numRecordsIn"))
                .as("source numRecordsIn, seed %s", seed)
                .isEqualTo(records);
        assertThat(sum(id, "Source: brook-in", "numBytesIn"))
                .as("source numBytesIn, seed %s", seed)
                .isEqualTo(bytes);
        for (String name : List.of("numRecordsSend", "numRecordsOut")) {
            assertThat(sum(id, "brook-out: Writer", name))
                    .as("sink writer %s, seed %s", name, seed)
                    .isEqualTo(records);
        }
        for (String name : List.of("numBytesSend", "numBytesOut")) {
            assertThat(sum(id, "brook-out: Writer", name))
                    .as("sink writer %s, seed %s", name, seed)
                    .isEqualTo(bytes);
        }
        Map<String, Metric> behind = REPORTER.findMetrics(id, "millisBehindLatest");
        for (ShardMetadata s : store.metadata("in").shards()) {
            assertThat(behind.entrySet())
                    .as("millisBehindLatest of %s among %s", s.shardId(), behind.keySet())
                    .anyMatch(
                            e -> e.getKey().contains(s.shardId()) && e.getValue() instanceof Gauge);
        }
    }

    /**
     * Sum of a counter over every subtask of the operators whose name contains {@code operator}.
     */
    private static long sum(JobID job, String operator, String metric) {
        List<OperatorMetricGroup> groups = REPORTER.findOperatorMetricGroups(job, operator);
        assertThat(groups).as("operator metric groups of %s", operator).isNotEmpty();
        long sum = 0;
        for (OperatorMetricGroup g : groups) {
            Metric m = REPORTER.getMetricsByGroup(g).get(metric);
            assertThat(m)
                    .as(
                            "%s of %s among %s",
                            metric, operator, REPORTER.getMetricsByGroup(g).keySet())
                    .isInstanceOf(Counter.class);
            sum += ((Counter) m).getCount();
        }
        return sum;
    }

    /** The record's data as it is, and back, partitioned by its hash code. */
    static final class RawBytes
            implements BrookDeserializationSchema<byte[]>, BrookSerializationSchema<byte[]> {
        @Override
        public void deserialize(Record record, Collector<byte[]> out) {
            out.collect(record.data());
        }

        @Override
        public TypeInformation<byte[]> getProducedType() {
            return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        }

        @Override
        public String partitionKey(byte[] element) {
            return "p" + Arrays.hashCode(element);
        }

        @Override
        public byte[] data(byte[] element) {
            return element;
        }
    }
}
