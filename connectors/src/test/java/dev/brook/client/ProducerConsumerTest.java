package dev.brook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.HashKey;
import dev.brook.store.HashKeyRange;
import dev.brook.store.Record;
import dev.brook.store.ShardMetadata;
import dev.brook.store.StartingPosition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerConsumerTest {
    @TempDir Path dir;

    @RepeatedTest(3)
    void everyRecordArrivesOnceInKeyOrderAcrossASplitAndAMerge() throws Exception {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("clicks", 4);
        int n = 20_000;
        List<CompletableFuture<SentRecord>> futures = new ArrayList<>();
        Map<String, Integer> sentPerKey = new HashMap<>();
        try (Producer producer =
                Producer.builder(store, "clicks")
                        .batchBytes(8 * 1024)
                        .linger(Duration.ofMillis(2))
                        .build()) {
            for (int i = 0; i < n; i++) {
                if (i == n / 3) {
                    ShardMetadata s = store.metadata("clicks").openShards().get(1);
                    HashKeyRange r = s.hashKeyRange();
                    String mid =
                            r.start()
                                    .toBigInteger()
                                    .add(r.end().toBigInteger())
                                    .shiftRight(1)
                                    .toString();
                    store.splitShard("clicks", s.shardId(), mid);
                }
                if (i == 2 * n / 3) {
                    List<ShardMetadata> open = store.metadata("clicks").openShards();
                    store.mergeShards("clicks", open.get(0).shardId(), "shardId-000000000004");
                }
                String key = "user-" + rnd.nextInt(200);
                int seq = sentPerKey.merge(key, 1, Integer::sum);
                byte[] data = (key + "#" + seq).getBytes(StandardCharsets.UTF_8);
                // Records with and without futures share batches and keep one per-key order.
                if (rnd.nextBoolean()) {
                    futures.add(producer.send(key, data));
                } else {
                    producer.write(key, data);
                }
            }
            producer.flush();
        }
        for (CompletableFuture<SentRecord> f : futures) {
            assertThat(f.get().sequenceNumber()).hasSize(32);
        }

        Map<String, HashKeyRange> ranges = new HashMap<>();
        for (ShardMetadata s : store.metadata("clicks").shards()) {
            ranges.put(s.shardId(), s.hashKeyRange());
        }
        Map<String, Integer> seenPerKey = new HashMap<>();
        int read = 0;
        try (Consumer consumer =
                Consumer.builder(store, "clicks").shardDiscoveryInterval(Duration.ZERO).build()) {
            long deadline = System.currentTimeMillis() + 30_000;
            Map<String, Long> lastOffsetPerShard = new HashMap<>();
            while (read < n && System.currentTimeMillis() < deadline) {
                // Both ways of polling, mixed: a list, or records handed to a handler.
                List<Record> polled = new ArrayList<>();
                if (rnd.nextBoolean()) {
                    polled = consumer.poll(1000, Duration.ofMillis(100));
                } else {
                    int handed = consumer.poll(1000, polled::add);
                    assertThat(handed).isEqualTo(polled.size());
                }
                for (Record r : polled) {
                    Long before = lastOffsetPerShard.put(r.shardId(), r.offset());
                    assertThat(r.offset())
                            .as("offsets of %s, seed %s", r.shardId(), seed)
                            .isEqualTo(before == null ? 0 : before + 1);
                    String[] parts = new String(r.data(), StandardCharsets.UTF_8).split("#");
                    assertThat(parts[0]).as("seed %s", seed).isEqualTo(r.partitionKey());
                    assertThat(ranges.get(r.shardId()).contains(HashKey.ofPartitionKey(parts[0])))
                            .as("%s routed to %s, seed %s", parts[0], r.shardId(), seed)
                            .isTrue();
                    int expected = seenPerKey.merge(parts[0], 1, Integer::sum);
                    assertThat(Integer.parseInt(parts[1]))
                            .as("per-key order, seed %s", seed)
                            .isEqualTo(expected);
                    read++;
                }
            }
            assertThat(consumer.poll(1000)).isEmpty();
        }
        assertThat(read).as("seed %s", seed).isEqualTo(n);
        assertThat(seenPerKey).isEqualTo(sentPerKey);
    }

    @Test
    void badInputFailsAtSendNamingTheLimit() {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 1);
        try (Producer p = Producer.builder(store, "s").build()) {
            assertThatThrownBy(() -> p.send("", new byte[1]))
                    .isInstanceOf(BrookException.class)
                    .hasMessageContaining("partition key");
            assertThatThrownBy(() -> p.send("k", new byte[(1 << 20) + 1]))
                    .hasMessageContaining("at most 1048576 bytes");
        }
    }

    @Test
    void aFailedPublishOfRecordsWithoutFuturesFailsTheNextFlushOnce() throws Exception {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 2);
        try (Producer p = Producer.builder(store, "s").build()) {
            p.write("a", new byte[] {1});
            p.flush(); // published: nothing to report
            store.deleteStream("s"); // the next publish finds no shard directory
            CompletableFuture<SentRecord> withFuture = p.send("b", new byte[] {2});
            for (int i = 0; i < 10; i++) {
                p.write("k" + i, new byte[] {3});
            }
            assertThatThrownBy(p::flush)
                    .isInstanceOf(BrookException.class)
                    .hasMessageContaining("stream s")
                    .hasMessageContaining("10 records sent without a future were not published");
            assertThat(withFuture).isCompletedExceptionally();
            p.flush(); // reported once
            p.write("c", new byte[] {4});
            assertThatThrownBy(p::close).hasMessageContaining("1 records sent without a future");
        }
    }

    @Test
    void recordsWrittenWithoutFuturesAreAllReadBackAfterFlush() {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 3);
        int n = 5_000;
        try (Producer p =
                Producer.builder(store, "s").batchBytes(4096).bufferMemory(64 * 1024).build()) {
            for (int i = 0; i < n; i++) {
                p.write("key-" + (i % 37), Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            }
            p.flush();
        }
        List<Integer> seen = new ArrayList<>();
        try (Consumer c = Consumer.builder(store, "s").build()) {
            List<Record> got;
            while (!(got = c.poll(1000)).isEmpty()) {
                for (Record r : got) {
                    seen.add(Integer.parseInt(new String(r.data(), StandardCharsets.UTF_8)));
                }
            }
        }
        assertThat(seen).hasSize(n).doesNotHaveDuplicates();
    }

    @Test
    void latestSkipsOldDataAndSeesNewData() {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 2);
        store.putRecord("s", "a", "old".getBytes(StandardCharsets.UTF_8));
        try (Consumer c =
                Consumer.builder(store, "s").startingPosition(StartingPosition.latest()).build()) {
            assertThat(c.poll(10)).isEmpty();
            store.putRecord("s", "a", "new".getBytes(StandardCharsets.UTF_8));
            List<Record> got = c.poll(10, Duration.ofSeconds(5));
            assertThat(got)
                    .extracting(r -> new String(r.data(), StandardCharsets.UTF_8))
                    .containsExactly("new");
        }
    }
}
