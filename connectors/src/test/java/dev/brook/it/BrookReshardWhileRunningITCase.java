package dev.brook.it;

import static dev.brook.it.ItSupport.await;
import static dev.brook.it.ItSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.sink.BrookSink;
import dev.brook.source.BrookSource;
import dev.brook.store.BrookStore;
import dev.brook.store.HashKey;
import dev.brook.store.HashKeyRange;
import dev.brook.store.Record;
import dev.brook.store.ShardMetadata;
import dev.brook.store.TestSupport;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unbounded Brook → Flink → Brook job (exactly-once) while a producer keeps writing and both the
 * input and the output stream are split and then merged: afterwards the output holds every record
 * exactly once and, read along the shard lineage, every key's records in the order they were put.
 */
class BrookReshardWhileRunningITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    void splitAndMergeOfInputAndOutputKeepEveryRecordOnceAndInKeyOrder() throws Exception {
        long seed = TestSupport.seed();
        long started = System.currentTimeMillis();
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("in", 2);
        store.createStream("out", 2);
        Map<String, Integer> seq = new HashMap<>();
        ItSupport.ProducerThread producer =
                new ItSupport.ProducerThread(store, "in", new Random(seed), 40, 20, seq);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.fromSource(
                        BrookSource.<String>builder().root(dir.toString()).stream("in")
                                .shardDiscoveryInterval(Duration.ofMillis(100))
                                .deserializer(new SimpleStringSchema())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "brook-in")
                .map(v -> v)
                .sinkTo(
                        BrookSink.<String>builder().root(dir.toString()).stream("out")
                                .serializer(new SimpleStringSchema(), v -> v.split("#")[0])
                                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .build());
        JobClient job = env.executeAsync("reshard while running");
        producer.start();
        try {
            awaitProgress(store, 300, seed);
            // in: 0 → 2 + 3, then 3 + 1 → 4 (parents of the merge on different readers or not)
            List<ShardMetadata> inChildren = splitInHalf(store, "in", "shardId-000000000000");
            awaitProgress(store, 300, seed);
            List<ShardMetadata> outChildren = splitInHalf(store, "out", "shardId-000000000000");
            awaitProgress(store, 300, seed);
            store.mergeShards("in", inChildren.get(1).shardId(), "shardId-000000000001");
            awaitProgress(store, 300, seed);
            store.mergeShards("out", outChildren.get(1).shardId(), "shardId-000000000001");
            awaitProgress(store, 300, seed);
        } finally {
            producer.finish();
        }
        long sent = producer.sent();
        await(
                seed,
                () -> count(store, "out") >= sent,
                () -> "out to hold all " + sent + " records, it has " + count(store, "out"));
        ItSupport.cancel(job);

        assertThat(store.metadata("in").openShards()).as("seed %s", seed).hasSize(2);
        assertThat(store.metadata("out").openShards()).as("seed %s", seed).hasSize(2);
        List<Record> out = ItSupport.readAll(store, "out");
        ItSupport.assertExactlyOnceInOrder(out, seq, seed, store, "in", "out");
        for (Record r : out) {
            // Re-routed staged segments must keep their records' arrival times.
            assertThat(r.arrivalMillis())
                    .as(
                            "arrival time of %s at %s, seed %s",
                            ItSupport.value(r), r.sequenceNumber(), seed)
                    .isGreaterThanOrEqualTo(started);
        }
    }

    /** Waits until the output grew by {@code records}: the job runs and commits. */
    private static void awaitProgress(BrookStore store, long records, long seed)
            throws InterruptedException {
        long target = count(store, "out") + records;
        await(
                seed,
                () -> count(store, "out") >= target,
                () -> "out to reach " + target + " records");
    }

    private static List<ShardMetadata> splitInHalf(BrookStore store, String stream, String shard) {
        HashKeyRange r = store.metadata(stream).requireShard(shard).hashKeyRange();
        BigInteger mid =
                r.start()
                        .toBigInteger()
                        .add(r.end().toBigInteger())
                        .shiftRight(1)
                        .add(BigInteger.ONE);
        return store.splitShard(stream, shard, HashKey.of(mid).toString());
    }
}
