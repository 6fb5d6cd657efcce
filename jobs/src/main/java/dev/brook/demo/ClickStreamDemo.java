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
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The demo: a click stream produced with a {@link Producer}, resharded midway, and read back with a
 * {@link Consumer} that follows the shards' lineage, while a Flink SQL job ({@link LiveAnalytics})
 * prints page counts and the click rate's anomaly score per window of the clicks' event time, and
 * two Firehose delivery streams ({@link DemoDeliveryStreams}) write the clicks as files, all on one
 * embedded cluster ({@link DemoCluster}). It checks what it prints: every click read back once,
 * counted once by the analytics and delivered once by each delivery stream.
 *
 * <p>The clicks are the same every run (seeded): about 50 a second of event time from 2024-05-01
 * 10:00:00 UTC, with a burst of about five times that rate after 70% of them, which the anomaly
 * score picks out. {@code speed} paces producing: that many seconds of event time per second (0: as
 * fast as possible).
 */
public final class ClickStreamDemo {
    public static final String STREAM = "demo-clicks";
    private static final String[] PAGES = {
        "/", "/search", "/product/42", "/product/7", "/cart", "/checkout", "/help", "/account"
    };

    static final LocalDateTime START = LocalDateTime.of(2024, 5, 1, 10, 0);
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final BrookStore store;
    private final PrintWriter out;
    private final int clicks;
    private final double speed;

    public ClickStreamDemo(BrookStore store, PrintWriter out, int clicks, double speed) {
        this.store = store;
        this.out = out;
        this.clicks = clicks;
        this.speed = speed;
    }

    /** Event time of click {@code i}, in millis after {@link #START}, given the previous one's. */
    static long nextMillis(Random rnd, long previous, int i, int clicks) {
        int burstStart = clicks * 7 / 10;
        boolean burst = i >= burstStart && i < burstStart + Math.max(1, clicks / 20);
        return previous + (burst ? rnd.nextInt(9) : rnd.nextInt(41)); // ~250/s in the burst, ~50/s
    }

    /** Demo clicks' event times: the same for every run with the same number of clicks. */
    public static long[] eventMillis(int clicks) {
        Random rnd = new Random(7);
        long[] t = new long[clicks];
        long last = 0;
        for (int i = 0; i < clicks; i++) {
            last = nextMillis(rnd, last, i, clicks);
            t[i] = last;
        }
        return t;
    }

    /**
     * Runs the demo; returns the number of clicks read back, or -1 if the analytics did not count
     * every click or a delivery stream did not deliver every click.
     */
    public int run() throws Exception {
        if (store.listStreams().contains(STREAM)) {
            store.deleteStream(STREAM);
        }
        store.createStream(STREAM, 4);
        println(String.format("Created stream %s with 4 shards under %s", STREAM, store.root()));

        // One slot per job: the analytics and the delivery streams.
        try (DemoCluster cluster = DemoCluster.start(1 + DemoDeliveryStreams.NAMES.size());
                LiveAnalytics analytics =
                        new LiveAnalytics(cluster, store, STREAM, out, List.of(PAGES));
                DemoDeliveryStreams firehose =
                        new DemoDeliveryStreams(cluster, store, STREAM, out)) {
            analytics.start();
            firehose.start();
            Map<String, Long> perShard = new TreeMap<>();
            int read = produceAndReadBack(analytics, perShard);
            firehose.stopOnceRead(perShard, Duration.ofMinutes(1));
            awaitAnalytics(analytics, perShard);
            long counted = analytics.finish(Duration.ofMinutes(2));
            boolean delivered = firehose.finish(clicks, Duration.ofMinutes(2));
            return counted == clicks && delivered ? read : -1;
        }
    }

    /** Produces the clicks, reads them back; {@code perShard} gets the clicks read per shard. */
    private int produceAndReadBack(LiveAnalytics analytics, Map<String, Long> perShard)
            throws Exception {
        Random rnd = new Random(42);
        long[] eventMillis = eventMillis(clicks);
        List<CompletableFuture<SentRecord>> sent = new ArrayList<>(clicks);
        long start = System.nanoTime();
        // Shards still without a click, and those the job must be reading before producing on.
        Set<String> withoutClicks = new HashSet<>();
        store.metadata(STREAM).openShards().forEach(s -> withoutClicks.add(s.shardId()));
        Set<String> toAwait = new HashSet<>(withoutClicks);
        try (Producer producer = Producer.builder(store, STREAM).build()) {
            for (int i = 0; i < clicks; i++) {
                if (i == clicks / 2) {
                    producer.flush();
                    String parent = store.metadata(STREAM).openShards().get(0).shardId();
                    List<String> children = splitBusiestShard();
                    withoutClicks.remove(parent);
                    withoutClicks.addAll(children);
                    toAwait.remove(parent);
                    toAwait.addAll(children);
                }
                pace(start, eventMillis[i]);
                String user = "user-" + rnd.nextInt(500);
                String json =
                        String.format(
                                "{\"user\":\"%s\",\"page\":\"%s\",\"n\":%d,\"ts\":\"%s\"}",
                                user,
                                PAGES[rnd.nextInt(PAGES.length)],
                                i,
                                TS.format(START.plus(Duration.ofMillis(eventMillis[i]))));
                CompletableFuture<SentRecord> f =
                        producer.send(user, json.getBytes(StandardCharsets.UTF_8));
                sent.add(f);
                if (!withoutClicks.isEmpty()) {
                    // Until every shard has its first click, click by click; then the job must
                    // read them all before any gets further ahead: see LiveAnalytics.
                    producer.flush();
                    if (withoutClicks.remove(f.join().shardId()) && withoutClicks.isEmpty()) {
                        Map<String, Long> first = new HashMap<>();
                        toAwait.forEach(shard -> first.put(shard, 1L));
                        awaitAnalytics(analytics, first);
                        toAwait.clear();
                    }
                }
            }
            producer.flush();
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).join();
        println(
                String.format(
                        "Produced %d clicks in %d ms",
                        clicks, Duration.ofNanos(System.nanoTime() - start).toMillis()));

        int read = 0;
        try (Consumer consumer =
                Consumer.builder(store, STREAM).shardDiscoveryInterval(Duration.ZERO).build()) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (read < clicks && System.currentTimeMillis() < deadline) {
                for (Record r : consumer.poll(1000, Duration.ofMillis(200))) {
                    perShard.merge(r.shardId(), 1L, Long::sum);
                    read++;
                }
            }
        }
        StringBuilder report =
                new StringBuilder("Read back with a Consumer that follows shard lineage:\n");
        for (ShardMetadata s : store.metadata(STREAM).shards()) {
            report.append(
                    String.format(
                            "  %s  %-6s %6d clicks%s%n",
                            s.shardId(),
                            s.isOpen() ? "open" : "closed",
                            perShard.getOrDefault(s.shardId(), 0L),
                            s.parentShardIds().isEmpty()
                                    ? ""
                                    : "  (child of "
                                            + String.join(", ", s.parentShardIds())
                                            + ")"));
        }
        report.append(
                String.format(
                        "Total: %d of %d clicks read back%s",
                        read, clicks, read == clicks ? ", none lost or repeated" : ""));
        println(report.toString());
        return read;
    }

    /** Waits until the analytics job read {@code records} of each shard (1: it reads it). */
    private void awaitAnalytics(LiveAnalytics analytics, Map<String, Long> records)
            throws InterruptedException {
        if (!analytics.awaitReading(records, Duration.ofMinutes(1))) {
            println(
                    "The analytics job has not read "
                            + records
                            + " records of the shards yet; going on without it");
        }
    }

    /** With a speed, waits until click {@code eventMillis} is due. */
    private void pace(long startNanos, long eventMillis) throws InterruptedException {
        if (speed <= 0) {
            return;
        }
        long dueNanos = startNanos + (long) (eventMillis * 1e6 / speed);
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** One block of lines, not interleaved with the analytics' lines printed meanwhile. */
    private void println(String lines) {
        synchronized (out) {
            out.println(lines);
            out.flush();
        }
    }

    private List<String> splitBusiestShard() {
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
        println(
                String.format(
                        "Split %s at hash key %s into %s and %s while producing",
                        s.shardId(), middle, children.get(0).shardId(), children.get(1).shardId()));
        return List.of(children.get(0).shardId(), children.get(1).shardId());
    }
}
