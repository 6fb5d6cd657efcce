package dev.brook.sink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.client.Consumer;
import dev.brook.source.BrookSource;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Brook to Flink to Brook under injected task failures: the output equals the input. */
class BrookExactlyOnceITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    /** Fails the first two attempts of every subtask after a random number of records. */
    static final class FailingMap extends RichMapFunction<String, String> {
        private final long seed;
        private transient long countdown;

        FailingMap(long seed) {
            this.seed = seed;
        }

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            countdown =
                    attempt < 2
                            ? 500 + new Random(seed + 31L * attempt + subtask).nextInt(4000)
                            : Long.MAX_VALUE;
        }

        @Override
        public String map(String value) {
            if (--countdown == 0) {
                throw new RuntimeException("injected failure");
            }
            return value;
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DeliveryGuarantee.class,
            names = {"EXACTLY_ONCE", "AT_LEAST_ONCE"})
    void outputEqualsInputUnderFailures(DeliveryGuarantee guarantee) throws Exception {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("in", 4);
        store.createStream("out", 4);
        int n = 20_000;
        Map<String, Integer> perKey = new HashMap<>();
        List<PutRecordsEntry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = "k" + rnd.nextInt(100);
            int seq = perKey.merge(key, 1, Integer::sum);
            batch.add(new PutRecordsEntry(key, (key + "#" + seq).getBytes(UTF_8)));
            if (batch.size() == 500) {
                store.putRecords("in", batch);
                batch.clear();
            }
        }

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        env.fromSource(
                        BrookSource.<String>builder().root(dir.toString()).stream("in")
                                .bounded()
                                .deserializer(new SimpleStringSchema())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "brook-in")
                .map(new FailingMap(seed))
                .sinkTo(
                        BrookSink.<String>builder().root(dir.toString()).stream("out")
                                .serializer(new SimpleStringSchema(), v -> v.split("#")[0])
                                .deliveryGuarantee(guarantee)
                                .build());
        env.execute("exactly-once " + guarantee);

        Map<String, Integer> count = new HashMap<>();
        Map<String, Integer> lastSeq = new HashMap<>();
        int read = 0;
        try (Consumer c =
                Consumer.builder(store, "out").shardDiscoveryInterval(Duration.ZERO).build()) {
            List<Record> records;
            while (!(records = c.poll(5000, Duration.ofMillis(300))).isEmpty()) {
                for (Record r : records) {
                    String v = new String(r.data(), UTF_8);
                    count.merge(v, 1, Integer::sum);
                    read++;
                    if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
                        String[] kv = v.split("#");
                        int seq = Integer.parseInt(kv[1]);
                        assertThat(seq)
                                .as("per-key order of %s, seed %s", kv[0], seed)
                                .isEqualTo(lastSeq.merge(kv[0], 1, Integer::sum));
                    }
                }
            }
        }
        for (Map.Entry<String, Integer> e : perKey.entrySet()) {
            for (int s = 1; s <= e.getValue(); s++) {
                Integer c = count.get(e.getKey() + "#" + s);
                assertThat(c).as("%s#%s, seed %s", e.getKey(), s, seed).isNotNull();
                if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
                    assertThat(c).as("%s#%s, seed %s", e.getKey(), s, seed).isEqualTo(1);
                }
            }
        }
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            assertThat(read).as("seed %s", seed).isEqualTo(n);
        }
    }
}
