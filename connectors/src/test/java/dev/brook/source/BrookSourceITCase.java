package dev.brook.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BrookSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    private static void put(BrookStore store, String stream, int from, int n) {
        for (int i = from; i < from + n; i += 500) {
            List<PutRecordsEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(from + n, i + 500); j++) {
                batch.add(new PutRecordsEntry("key-" + (j % 97), ("r" + j).getBytes(UTF_8)));
            }
            store.putRecords(stream, batch);
        }
    }

    @Test
    void boundedReadSeesEveryRecordOnceAcrossASplit() throws Exception {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 4);
        put(store, "s", 0, 5000);
        store.splitShard(
                "s",
                "shardId-000000000001",
                store.metadata("s")
                        .requireShard("shardId-000000000001")
                        .hashKeyRange()
                        .end()
                        .toString());
        put(store, "s", 5000, 5000);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        BrookSource<String> source =
                BrookSource.<String>builder().root(dir.toString()).stream("s")
                        .bounded()
                        .deserializer(new SimpleStringSchema())
                        .build();
        DataStream<String> stream =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "brook");
        List<String> got = new ArrayList<>();
        try (CloseableIterator<String> it = stream.executeAndCollect()) {
            it.forEachRemaining(got::add);
        }
        assertThat(got).hasSize(10_000).doesNotHaveDuplicates();
    }
}
