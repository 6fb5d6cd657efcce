package dev.brook.bench;

import dev.brook.bench.ConnectorsBenchFunctions.BrookRecordDeserializer;
import dev.brook.bench.ConnectorsBenchFunctions.BrookRecordSchema;
import dev.brook.bench.ConnectorsBenchFunctions.CountingSink;
import dev.brook.bench.ConnectorsBenchFunctions.FramedEncoder;
import dev.brook.bench.ConnectorsBenchFunctions.FramedFormat;
import dev.brook.bench.ConnectorsBenchFunctions.KafkaRecordDeserializer;
import dev.brook.bench.ConnectorsBenchFunctions.KafkaRecordSchema;
import dev.brook.bench.ConnectorsBenchFunctions.LatencySink;
import dev.brook.bench.ConnectorsBenchFunctions.PooledGenerator;
import dev.brook.bench.ConnectorsBenchFunctions.RunStats;
import dev.brook.bench.ConnectorsBenchFunctions.StampingGenerator;
import dev.brook.client.Consumer;
import dev.brook.client.Producer;
import dev.brook.sink.BrookSink;
import dev.brook.source.BrookSource;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import dev.brook.store.StartingPosition;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.util.NumberSequenceIterator;

/**
 * {@code bin/bench connectors}: Brook's Flink sink and source against Flink's Kafka connector (with
 * an embedded single-node broker) and Flink's FileSink/FileSource, in one run on one machine, on
 * the same pre-generated records, at the same parallelism, with checkpointing on.
 *
 * <ul>
 *   <li><b>write</b>: {@code DataGeneratorSource} over pre-built records → Brook sink
 *       (exactly-once, at-least-once; each routed by shard, the default, and not), Kafka sink
 *       (exactly-once with transactions, at-least-once) and FileSink (row format). Timed from the
 *       first record generated to the end of the job, which includes the final checkpoint's commit;
 *       the benchmark triggers that checkpoint as soon as all input is generated rather than wait
 *       for the next periodic one, for every peer alike. Each run writes into a fresh stream, topic
 *       or directory, is counted afterwards (Brook: every record read back; Kafka: end offsets, and
 *       a read_committed count after exactly-once; files: their sizes), then deleted, and the page
 *       cache is flushed before the next run.
 *   <li><b>read</b>: bounded Brook source, Kafka source and FileSource → a discarding sink that
 *       counts, timed from the first record reaching the sink to the end of input.
 *   <li><b>latency</b>: a job writes stamped records at a fixed rate through the Brook sink
 *       (at-least-once, default flush interval) while a second, running job reads the stream with
 *       the Brook source; the time from stamping a record to its arrival in the reading job.
 * </ul>
 *
 * Every path is warmed up, then measured several times, interleaved with its peers in a rotating
 * order; the median is reported.
 */
public final class ConnectorsBenchmark {
    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    static final String GENERATOR = "generator";
    static final String BROOK_EO = "brook-exactly-once";
    static final String BROOK_EO_UNROUTED = "brook-exactly-once-unrouted";
    static final String BROOK_ALO = "brook-at-least-once";
    static final String BROOK_ALO_UNROUTED = "brook-at-least-once-unrouted";
    static final String KAFKA_EO = "kafka-exactly-once";
    static final String KAFKA_ALO = "kafka-at-least-once";
    static final String FILESINK = "filesink";
    static final String BROOK = "brook";
    static final String KAFKA = "kafka";
    static final String FILESOURCE = "filesource";

    /**
     * The Kafka sink's producer settings unless --kafka-producer says otherwise: larger batches and
     * a short linger, which on this kind of machine gave Kafka about 1.1-2x the records/s of the
     * client's defaults (16 KiB batches, 5 ms linger) at less CPU per record. Compression stays
     * off, as on Brook's side.
     */
    static final Map<String, String> KAFKA_PRODUCER_DEFAULTS =
            Map.of("batch.size", "262144", "linger.ms", "20");

    /** Settings from the command line. */
    static final class Options {
        /** Records per data size; 0: the default for the size. */
        long records;

        int[] sizes = {100, 1024};
        int shards = 4;
        int parallelism = 2;
        int keys = 10_000;
        int iterations = 3;
        int warmups = 1;
        long checkpointMillis = 1000;
        Path dir;
        boolean keep;
        long seed = 42;
        boolean writes = true;
        boolean reads = true;
        boolean latency = true;
        boolean kafka = true;
        boolean files = true;
        List<String> sides;
        int readPasses = 3;
        int latencyRate = 10_000;
        int latencySeconds = 8;
        int latencyWarmupSeconds = 2;
        Path kafkaClasspath;
        final Map<String, String> producer = new LinkedHashMap<>();
        final Map<String, String> consumer = new LinkedHashMap<>();

        static Options parse(String[] args) {
            Options o = new Options();
            String cp = System.getProperty("brook.bench.kafka.classpath");
            o.kafkaClasspath = cp == null || cp.isEmpty() ? null : Paths.get(cp);
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h":
                    case "--help":
                        usage(OUT);
                        System.exit(0);
                        break;
                    case "--records":
                        o.records = Long.parseLong(value(args, ++i, a).replace("_", ""));
                        break;
                    case "--sizes":
                        o.sizes =
                                Arrays.stream(value(args, ++i, a).split(","))
                                        .mapToInt(s -> Integer.parseInt(s.trim()))
                                        .toArray();
                        break;
                    case "--iterations":
                        o.iterations = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--warmups":
                        o.warmups = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--shards":
                        o.shards = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--parallelism":
                        o.parallelism = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--keys":
                        o.keys = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--checkpoint-interval":
                        o.checkpointMillis = Long.parseLong(value(args, ++i, a));
                        break;
                    case "--dir":
                        o.dir = Paths.get(value(args, ++i, a));
                        break;
                    case "--keep":
                        o.keep = true;
                        break;
                    case "--seed":
                        o.seed = Long.parseLong(value(args, ++i, a));
                        break;
                    case "--only":
                        String only = value(args, ++i, a);
                        if (!List.of("write", "read", "latency").contains(only)) {
                            fail("--only takes write, read or latency");
                        }
                        o.writes = only.equals("write");
                        o.reads = only.equals("read");
                        o.latency = only.equals("latency");
                        break;
                    case "--no-kafka":
                        o.kafka = false;
                        break;
                    case "--no-files":
                        o.files = false;
                        break;
                    case "--sides":
                        o.sides = List.of(value(args, ++i, a).split(","));
                        break;
                    case "--read-passes":
                        o.readPasses = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--latency-rate":
                        o.latencyRate = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--latency-seconds":
                        o.latencySeconds = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--kafka-classpath":
                        o.kafkaClasspath = Paths.get(value(args, ++i, a));
                        break;
                    case "--kafka-producer":
                        property(o.producer, value(args, ++i, a), a);
                        break;
                    case "--kafka-consumer":
                        property(o.consumer, value(args, ++i, a), a);
                        break;
                    default:
                        LOG.println("bench connectors: unknown option " + a);
                        usage(LOG);
                        System.exit(2);
                }
            }
            if (o.records < 0 || o.records > 20_000_000) {
                fail("--records must be 1 to 20000000");
            }
            if (o.iterations < 1 || o.warmups < 0) {
                fail("--iterations must be at least 1 and --warmups at least 0");
            }
            if (o.shards < 1 || o.keys < 1 || o.parallelism < 1 || o.sizes.length == 0) {
                fail("--shards, --parallelism, --keys and --sizes must be positive");
            }
            if (o.checkpointMillis < 10) {
                fail("--checkpoint-interval must be at least 10 ms");
            }
            for (int s : o.sizes) {
                if (s < 0 || s > 1 << 20) {
                    fail("--sizes takes data sizes of 0 to 1048576 bytes");
                }
            }
            if (o.readPasses < 1) {
                fail("--read-passes must be at least 1");
            }
            if (o.latencyRate < 1 || o.latencySeconds < 1) {
                fail("--latency-rate and --latency-seconds must be positive");
            }
            if (o.kafka && o.kafkaClasspath == null && (o.writes || o.reads)) {
                fail(
                        "the Kafka broker's classpath is unknown: run through bin/bench, or give"
                                + " --kafka-classpath FILE (or --no-kafka)");
            }
            return o;
        }

        private static void property(Map<String, String> into, String kv, String option) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                fail(option + " takes KEY=VALUE, got " + kv);
            }
            into.put(kv.substring(0, eq), kv.substring(eq + 1));
        }

        private static String value(String[] args, int i, String option) {
            return BenchArgs.value("connectors", args, i, option);
        }

        private static void fail(String message) {
            BenchArgs.fail("connectors", message);
        }
    }

    static void usage(PrintStream out) {
        out.println(
                String.join(
                        "\n",
                        "Usage: bin/bench connectors [options]",
                        "",
                        "Brook's Flink sink and source against Flink's Kafka connector (a"
                                + " single-node KRaft broker started",
                        "on 127.0.0.1 in its own JVM) and Flink's FileSink/FileSource, on a local"
                                + " MiniCluster, with the same",
                        "pre-generated records (keys from a pool), parallelism 2, 4 shards / 4"
                                + " partitions, checkpoints every 1 s:",
                        "  write    generator -> Brook sink (exactly-once, at-least-once; routed"
                                + " by shard and not),",
                        "           Kafka sink (exactly-once, at-least-once), FileSink (row"
                                + " format); from the first record",
                        "           generated to the end of the job (final commit included)",
                        "  read     bounded Brook source, Kafka source, FileSource -> a counting"
                                + " discard sink, over what",
                        "           each peer's sink wrote (at-least-once); from the first record"
                                + " to the last",
                        "  latency  stamped records at a fixed rate from a Brook Producer"
                                + " (at-least-once) -> Brook",
                        "           source in a running job: p50 and p99 of (seen - stamped);"
                                + " again with a job",
                        "           writing them through the Brook sink (at-least-once) instead of"
                                + " the Producer",
                        "Prints records/s and MB/s per path and side, 'ratio <path> brook/<peer>"
                                + " <value>' lines and",
                        "'latency at-least-once p50 <ms> p99 <ms>'.",
                        "",
                        "Options:",
                        "  --records N             records per data size (default: 256 MiB of"
                                + " data, 100000 to 1000000:",
                        "                          1000000 of 100 B, 262000 of 1 KiB)",
                        "  --read-passes N         the reads read N times as many records"
                                + " (default 3)",
                        "  --sizes A,B             record data sizes in bytes (default"
                                + " 100,1024)",
                        "  --iterations N          measured runs per path and side; the median is"
                                + " reported (default 3)",
                        "  --warmups N             unmeasured runs per path and side first"
                                + " (default 1; writes",
                        "                          warm up on a quarter of the records)",
                        "  --parallelism N         job parallelism (default 2)",
                        "  --shards N              Brook shards and Kafka partitions (default"
                                + " 4)",
                        "  --keys N                distinct partition keys (default 10000)",
                        "  --checkpoint-interval MS  (default 1000)",
                        "  --only write|read|latency  measure only one part",
                        "  --no-kafka              leave Kafka out (no broker is started)",
                        "  --no-files              leave FileSink/FileSource out",
                        "  --sides A,B,...         run only these sides, e.g. brook-exactly-once,"
                                + "kafka-exactly-once,brook",
                        "                          (names as in the output; for profiling)",
                        "  --latency-rate N        records/s written in the latency test"
                                + " (default 10000)",
                        "  --latency-seconds N     measured seconds of each latency test, after 2"
                                + " s of warm-up (default 8)",
                        "  --kafka-producer K=V    a Kafka producer property for the Kafka sink"
                                + " (repeatable; defaults",
                        "                          batch.size=262144 linger.ms=20, faster here"
                                + " than the client's own)",
                        "  --kafka-consumer K=V    a Kafka consumer property for the Kafka source"
                                + " (repeatable)",
                        "  --kafka-classpath FILE  the broker's classpath (bin/bench resolves"
                                + " it)",
                        "  --dir PATH              where to write: a fresh directory is made inside"
                                + " PATH and deleted",
                        "                          afterwards (default: the system temp"
                                + " directory)",
                        "  --keep                  keep the files (store, broker log) written",
                        "  --seed N                random seed of the generated records (default"
                                + " 42)",
                        "",
                        "Environment: BENCH_JAVA_OPTS adds JVM options (e.g. a JFR recording)."));
    }

    /** Records generated up front, as the generator hands them out. */
    static final class Data {
        final String id;
        final int dataSize;
        final int n;
        final Tuple2<String, byte[]>[] records;
        final long payloadBytes;
        final long fileBytes;

        @SuppressWarnings("unchecked")
        Data(int dataSize, Options o) {
            this.dataSize = dataSize;
            this.id = "data-" + dataSize;
            this.n = (int) (o.records > 0 ? o.records : defaultRecords(dataSize));
            SplittableRandom random = new SplittableRandom(o.seed * 31 + dataSize);
            String[] keys = new String[o.keys];
            for (int k = 0; k < o.keys; k++) {
                keys[k] = String.format("user-%05d", k);
            }
            records = new Tuple2[n];
            long payload = 0;
            long files = 0;
            for (int i = 0; i < n; i++) {
                String key = keys[random.nextInt(o.keys)];
                byte[] d = new byte[dataSize];
                for (int j = 0; j < dataSize; j += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8 && j + b < dataSize; b++) {
                        d[j + b] = (byte) (v >>> (8 * b));
                    }
                }
                records[i] = Tuple2.of(key, d);
                int keyLength = key.getBytes(StandardCharsets.UTF_8).length;
                payload += keyLength + dataSize;
                files += ConnectorsBenchFunctions.fileFrame(keyLength, dataSize);
            }
            this.payloadBytes = payload;
            this.fileBytes = files;
        }

        static long defaultRecords(int dataSize) {
            long n = (256L << 20) / Math.max(1, dataSize) / 1000 * 1000;
            return Math.max(100_000, Math.min(1_000_000, n));
        }

        String label() {
            return dataSize == 1024
                    ? "1KiB"
                    : dataSize % 1024 == 0 && dataSize > 0
                            ? dataSize / 1024 + "KiB"
                            : dataSize + "B";
        }
    }

    /** Medians of one side of one path. */
    record Result(
            String path,
            String side,
            long records,
            long payloadBytes,
            double secs,
            double cpuSecs) {
        double recordsPerSec() {
            return records / secs;
        }
    }

    /** How long a run took, and the CPU time it used (this JVM and the Kafka broker). */
    record Timing(long nanos, long cpuNanos) {}

    @FunctionalInterface
    interface Run {
        /** Runs once over {@code count} records. */
        Timing run(String runId, long count) throws Exception;
    }

    record Side(String name, Run run) {}

    private final Options o;
    private final Path work;
    private final String brookRoot;
    private final BrookStore store;
    private MiniCluster cluster;
    private KafkaBroker kafka;
    private int runCounter;

    /** Outputs left by the last measured write run of a size, read by the read runs. */
    private final Map<String, String> readInputs = new HashMap<>();

    ConnectorsBenchmark(Options o, Path work) {
        this.o = o;
        this.work = work;
        this.brookRoot = work.resolve("brook").toString();
        this.store = BrookStore.open(brookRoot);
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path parent = o.dir != null ? o.dir : Paths.get(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "brook-bench-connectors-");
        ConnectorsBenchmark bench = new ConnectorsBenchmark(o, work);
        Thread cleanup =
                new Thread(
                        () -> {
                            bench.shutdown();
                            if (!o.keep) {
                                try {
                                    StoreBenchmark.deleteTree(work);
                                } catch (IOException | UncheckedIOException e) {
                                    // best effort on Ctrl-C
                                }
                            }
                        },
                        "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<Result> results;
        List<Latency> latency;
        try {
            bench.start();
            results = bench.runThroughput();
            latency = o.latency ? bench.runLatency() : List.of();
        } finally {
            bench.shutdown();
            if (o.keep) {
                LOG.println("[bench] kept the files in " + work);
            } else {
                StoreBenchmark.deleteTree(work);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // already running
            }
        }
        report(o, results, latency);
        System.exit(0);
    }

    // ------------------------------------------------------------------------------ set-up

    void start() throws Exception {
        LOG.printf(
                "[bench] connectors: sizes %s, parallelism %d, %d shards/partitions, %d keys,"
                        + " checkpoints every %d ms, %d warm-up + %d measured runs per path and"
                        + " side, in %s%n",
                Arrays.toString(o.sizes),
                o.parallelism,
                o.shards,
                o.keys,
                o.checkpointMillis,
                o.warmups,
                o.iterations,
                work);
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("128m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("128m"));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                // the latency test runs two jobs at once
                                .setNumSlotsPerTaskManager(2 * o.parallelism)
                                .withRandomPorts()
                                .build());
        cluster.start();
        LOG.println("[bench] MiniCluster started");
        if (o.kafka && (o.writes || o.reads)) {
            kafka = KafkaBroker.start(work.resolve("kafka"), o.kafkaClasspath, LOG);
            ConnectorsBenchFunctions.OTHER_PIDS.add(kafka.pid());
        }
    }

    synchronized void shutdown() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (cluster != null) {
            try {
                cluster.closeAsync().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.println("[bench] MiniCluster did not stop cleanly: " + e);
            }
            cluster = null;
        }
    }

    private StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, o.parallelism);
        env.enableCheckpointing(o.checkpointMillis);
        // Every job alike: records pass between chained operators without a defensive copy.
        env.getConfig().enableObjectReuse();
        return env;
    }

    private String nextRunId(String what) {
        return what + "-" + (++runCounter);
    }

    // ------------------------------------------------------------------------------ throughput

    List<Result> runThroughput() throws Exception {
        List<Result> results = new ArrayList<>();
        if (!o.writes && !o.reads) {
            return results;
        }
        for (int size : o.sizes) {
            long t0 = System.nanoTime();
            Data d = new Data(size, o);
            ConnectorsBenchFunctions.DATA.put(d.id, d.records);
            LOG.printf(
                    "[bench] generated %,d records of %s (%.1f MB of keys and data) in %.1f s%n",
                    d.n, d.label(), d.payloadBytes / 1e6, (System.nanoTime() - t0) / 1e9);
            if (o.writes) {
                results.addAll(measure("write-" + d.label(), d, d.n, writeSides(d)));
            }
            if (o.reads) {
                long count = (long) d.n * o.readPasses;
                prepareReadInputs(d, count);
                results.addAll(measure("read-" + d.label(), d, count, readSides(d)));
                dropReadInputs();
            }
            ConnectorsBenchFunctions.DATA.remove(d.id);
        }
        return results;
    }

    private List<Side> writeSides(Data d) {
        List<Side> sides = new ArrayList<>();
        sides.add(new Side(GENERATOR, (id, n) -> writeDiscard(d, id, n)));
        sides.add(
                new Side(
                        BROOK_EO,
                        (id, n) ->
                                writeBrook(d, id, n, DeliveryGuarantee.EXACTLY_ONCE, true, false)));
        sides.add(
                new Side(
                        BROOK_EO_UNROUTED,
                        (id, n) ->
                                writeBrook(
                                        d, id, n, DeliveryGuarantee.EXACTLY_ONCE, false, false)));
        sides.add(
                new Side(
                        BROOK_ALO,
                        (id, n) ->
                                writeBrook(
                                        d, id, n, DeliveryGuarantee.AT_LEAST_ONCE, true, false)));
        sides.add(
                new Side(
                        BROOK_ALO_UNROUTED,
                        (id, n) ->
                                writeBrook(
                                        d, id, n, DeliveryGuarantee.AT_LEAST_ONCE, false, false)));
        if (kafka != null) {
            sides.add(
                    new Side(
                            KAFKA_EO,
                            (id, n) ->
                                    writeKafka(d, id, n, DeliveryGuarantee.EXACTLY_ONCE, false)));
            sides.add(
                    new Side(
                            KAFKA_ALO,
                            (id, n) ->
                                    writeKafka(d, id, n, DeliveryGuarantee.AT_LEAST_ONCE, false)));
        }
        if (o.files) {
            sides.add(new Side(FILESINK, (id, n) -> writeFiles(d, id, n, false)));
        }
        return selected(sides);
    }

    /** The sides named by --sides (all of them without it). */
    private List<Side> selected(List<Side> sides) {
        if (o.sides != null) {
            sides.removeIf(x -> !o.sides.contains(x.name()));
        }
        return sides;
    }

    private List<Side> readSides(Data d) {
        List<Side> sides = new ArrayList<>();
        sides.add(new Side(BROOK, (id, n) -> readBrook(d, id, n)));
        if (kafka != null) {
            sides.add(new Side(KAFKA, (id, n) -> readKafka(d, id, n)));
        }
        if (o.files) {
            sides.add(new Side(FILESOURCE, (id, n) -> readFiles(d, id, n)));
        }
        return selected(sides);
    }

    /**
     * Warm-ups, then measured runs of every side over {@code count} records, interleaved in a
     * rotating order.
     */
    private List<Result> measure(String path, Data d, long count, List<Side> sides)
            throws Exception {
        boolean write = path.startsWith("write");
        int k = sides.size();
        long[][] times = new long[k][o.iterations];
        long[][] cpus = new long[k][o.iterations];
        for (int i = -o.warmups; i < o.iterations; i++) {
            int round = i + o.warmups;
            long n = count;
            for (int j = 0; j < k; j++) {
                int s = (j + round) % k;
                Side side = sides.get(s);
                Collect.garbageAndReferences();
                Timing t = side.run().run(nextRunId(side.name()), n);
                if (write) {
                    settle();
                }
                if (i >= 0) {
                    times[s][i] = t.nanos();
                    cpus[s][i] = t.cpuNanos();
                }
                LOG.printf(
                        "[bench] %-11s %-29s %s: %6.3f s %,12.0f records/s  %6.3f s CPU%n",
                        path,
                        side.name(),
                        i < 0 ? "warm-up" : "run " + (i + 1),
                        t.nanos() / 1e9,
                        n / (t.nanos() / 1e9),
                        t.cpuNanos() / 1e9);
            }
        }
        List<Result> out = new ArrayList<>();
        long bytes = d.payloadBytes * (count / d.n);
        for (int s = 0; s < k; s++) {
            out.add(
                    new Result(
                            path,
                            sides.get(s).name(),
                            count,
                            bytes,
                            StoreBenchmark.median(times[s]) / 1e9,
                            StoreBenchmark.median(cpus[s]) / 1e9));
        }
        return out;
    }

    // ------------------------------------------------------------------------------ write

    private static long[] splitEnds(long n, int parallelism) {
        NumberSequenceIterator[] splits = new NumberSequenceIterator(0, n - 1).split(parallelism);
        List<Long> ends = new ArrayList<>();
        for (NumberSequenceIterator s : splits) {
            if (s.hasNext()) {
                ends.add(s.getTo());
            }
        }
        return ends.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Runs a job of the generator over {@code count} records into {@code sink}; the time from the
     * first record generated to the job's end. Once all input is generated, checkpoints are
     * triggered one after another until the job ends, so that the final checkpoint (which commits
     * the last records) need not wait for the periodic one.
     */
    private Timing runWriteJob(
            Data d,
            String runId,
            long count,
            java.util.function.Consumer<DataStream<Tuple2<String, byte[]>>> sink)
            throws Exception {
        RunStats stats = ConnectorsBenchFunctions.register(runId, 0);
        try {
            long[] ends = splitEnds(count, o.parallelism);
            StreamExecutionEnvironment env = env();
            DataGeneratorSource<Tuple2<String, byte[]>> source =
                    new DataGeneratorSource<>(
                            new PooledGenerator(d.id, runId, ends),
                            count,
                            ConnectorsBenchFunctions.RECORD_TYPE);
            sink.accept(env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator"));
            JobClient job = env.executeAsync(runId);
            CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
            long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
            while (!result.isDone() && stats.splitsDone.get() < ends.length) {
                Thread.sleep(1);
                if (System.nanoTime() > deadline) {
                    job.cancel();
                    throw new TimeoutException(runId + " ran for over " + JOB_TIMEOUT);
                }
            }
            finishWithCheckpoints(job.getJobID(), result, deadline);
            long end = System.nanoTime();
            long cpu = ConnectorsBenchFunctions.cpuNanos();
            check(stats.firstNanos.get() != Long.MAX_VALUE, runId + " generated nothing");
            return new Timing(end - stats.firstNanos.get(), cpu - stats.cpuAtFirst.get());
        } finally {
            ConnectorsBenchFunctions.RUNS.remove(runId);
        }
    }

    /** Triggers checkpoints one after another until the job ends; fails if the job failed. */
    private void finishWithCheckpoints(
            JobID job, CompletableFuture<JobExecutionResult> result, long deadline)
            throws Exception {
        while (!result.isDone()) {
            CompletableFuture<String> cp = cluster.triggerCheckpoint(job);
            try {
                CompletableFuture.anyOf(cp, result).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // a checkpoint can fail while tasks finish; the next one will do
            } catch (TimeoutException e) {
                // a slow checkpoint: trigger again
            }
            if (cp.isCompletedExceptionally() && !result.isDone()) {
                Thread.sleep(5);
            }
            if (System.nanoTime() > deadline) {
                cluster.cancelJob(job);
                throw new TimeoutException(job + " ran for over " + JOB_TIMEOUT);
            }
        }
        try {
            result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("job " + job + " failed", e.getCause());
        }
    }

    private Timing writeDiscard(Data d, String runId, long count) throws Exception {
        String counter = runId + "-count";
        RunStats counts = ConnectorsBenchFunctions.register(counter, 0);
        try {
            Timing t =
                    runWriteJob(
                            d,
                            runId,
                            count,
                            s -> s.sinkTo(new CountingSink(counter)).name("discard"));
            check(counts.records.get() == count, runId + " counted " + counts.records + " records");
            return t;
        } finally {
            ConnectorsBenchFunctions.RUNS.remove(counter);
        }
    }

    private Timing writeBrook(
            Data d,
            String runId,
            long count,
            DeliveryGuarantee guarantee,
            boolean routed,
            boolean keep)
            throws Exception {
        String stream = runId;
        store.createStream(stream, o.shards);
        BrookSink<Tuple2<String, byte[]>> sink =
                BrookSink.<Tuple2<String, byte[]>>builder().root(brookRoot).stream(stream)
                        .serializer(new BrookRecordSchema())
                        .deliveryGuarantee(guarantee)
                        .routeByShard(routed)
                        .build();
        Timing t = runWriteJob(d, runId, count, s -> s.sinkTo(sink).name("brook"));
        long[] counted = countBrook(stream);
        checkCount(runId, guarantee, counted[0], count);
        check(counted[1] >= count * d.dataSize, runId + " holds " + counted[1] + " bytes of data");
        if (keep) {
            readInputs.put(BROOK, stream);
        } else {
            store.deleteStream(stream);
        }
        return t;
    }

    /** Reads a whole stream back: {records, data bytes}. */
    private long[] countBrook(String stream) {
        long count = 0;
        long bytes = 0;
        int emptyPolls = 0;
        try (Consumer consumer = Consumer.builder(store, stream).build()) {
            while (true) {
                List<Record> records = consumer.poll(10_000);
                for (int i = 0, m = records.size(); i < m; i++) {
                    bytes += records.get(i).dataLength();
                }
                count += records.size();
                if (records.isEmpty() && consumer.caughtUp() && ++emptyPolls > 3) {
                    break;
                }
            }
        }
        return new long[] {count, bytes};
    }

    private Timing writeKafka(
            Data d, String runId, long count, DeliveryGuarantee guarantee, boolean keep)
            throws Exception {
        String topic = runId;
        kafka.createTopic(topic, o.shards);
        Properties props = new Properties();
        props.putAll(KAFKA_PRODUCER_DEFAULTS);
        props.putAll(o.producer);
        KafkaSink<Tuple2<String, byte[]>> sink =
                KafkaSink.<Tuple2<String, byte[]>>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setRecordSerializer(new KafkaRecordSchema(topic))
                        .setDeliveryGuarantee(guarantee)
                        .setTransactionalIdPrefix("bench-" + runId)
                        .setKafkaProducerConfig(props)
                        .build();
        Timing t = runWriteJob(d, runId, count, s -> s.sinkTo(sink).name("kafka"));
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            long[] committed = kafka.countCommitted(topic, o.shards);
            checkCount(runId, guarantee, committed[0], count);
            check(
                    committed[1] == count * d.dataSize,
                    runId + " holds " + committed[1] + " bytes of data");
        } else {
            checkCount(runId, guarantee, kafka.endOffsets(topic, o.shards), count);
        }
        if (keep) {
            readInputs.put(KAFKA, topic);
        } else {
            kafka.deleteTopic(topic);
        }
        return t;
    }

    private Timing writeFiles(Data d, String runId, long count, boolean keep) throws Exception {
        Path dir = work.resolve("files").resolve(runId);
        Files.createDirectories(dir);
        FileSink<Tuple2<String, byte[]>> sink =
                FileSink.forRowFormat(
                                new org.apache.flink.core.fs.Path(dir.toUri()), new FramedEncoder())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .build();
        Timing t = runWriteJob(d, runId, count, s -> s.sinkTo(sink).name("filesink"));
        long size = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                check(
                        !name.startsWith(".") && !name.contains("inprogress"),
                        runId + " left an unfinished file " + p);
                size += Files.size(p);
            }
        }
        long expected = d.fileBytes / d.n * count;
        check(size == expected, runId + " wrote " + size + " bytes, not " + expected);
        if (keep) {
            readInputs.put(FILESOURCE, dir.toString());
        } else {
            StoreBenchmark.deleteTree(dir);
        }
        return t;
    }

    private static void checkCount(String runId, DeliveryGuarantee g, long counted, long n) {
        if (g == DeliveryGuarantee.EXACTLY_ONCE) {
            check(counted == n, runId + " holds " + counted + " records, not exactly " + n);
        } else {
            check(counted >= n, runId + " holds " + counted + " records, fewer than " + n);
            if (counted > n) {
                LOG.printf("[bench]   %s: %d duplicates (at-least-once)%n", runId, counted - n);
            }
        }
    }

    // ------------------------------------------------------------------------------ read

    /**
     * Writes what the reads read, untimed, through each peer's own sink (at-least-once; Brook
     * routed by shard): {@code count} records, the pre-built ones over and over.
     */
    private void prepareReadInputs(Data d, long count) throws Exception {
        long t0 = System.nanoTime();
        writeBrook(d, nextRunId("input-brook"), count, DeliveryGuarantee.AT_LEAST_ONCE, true, true);
        if (kafka != null) {
            writeKafka(d, nextRunId("input-kafka"), count, DeliveryGuarantee.AT_LEAST_ONCE, true);
        }
        if (o.files) {
            writeFiles(d, nextRunId("input-files"), count, true);
        }
        settle();
        LOG.printf(
                "[bench] wrote %,d records of %s for the reads in %.1f s (untimed)%n",
                count, d.label(), (System.nanoTime() - t0) / 1e9);
    }

    private void dropReadInputs() throws IOException {
        String stream = readInputs.remove(BROOK);
        if (stream != null) {
            store.deleteStream(stream);
        }
        String topic = readInputs.remove(KAFKA);
        if (topic != null) {
            kafka.deleteTopic(topic);
        }
        String dir = readInputs.remove(FILESOURCE);
        if (dir != null) {
            StoreBenchmark.deleteTree(Paths.get(dir));
        }
    }

    /**
     * Runs a bounded read job into the counting sink; the time from the first record reaching the
     * sink to the end of its input, on all subtasks. Every record and data byte is counted.
     */
    private Timing runReadJob(
            Data d,
            String runId,
            long count,
            java.util.function.Function<
                            StreamExecutionEnvironment, DataStream<Tuple2<String, byte[]>>>
                    source)
            throws Exception {
        RunStats stats = ConnectorsBenchFunctions.register(runId, 0);
        try {
            StreamExecutionEnvironment env = env();
            source.apply(env).sinkTo(new CountingSink(runId)).name("discard");
            JobClient job = env.executeAsync(runId);
            CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
            long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
            while (!result.isDone() && stats.sinksDone.get() < o.parallelism) {
                Thread.sleep(2);
                if (System.nanoTime() > deadline) {
                    job.cancel();
                    throw new TimeoutException(runId + " ran for over " + JOB_TIMEOUT);
                }
            }
            finishWithCheckpoints(job.getJobID(), result, deadline);
            check(stats.records.get() == count, runId + " read " + stats.records + " of " + count);
            check(
                    stats.bytes.get() == count * d.dataSize,
                    runId + " read " + stats.bytes + " bytes of data");
            return new Timing(
                    stats.lastNanos.get() - stats.firstNanos.get(),
                    stats.cpuAtLast.get() - stats.cpuAtFirst.get());
        } finally {
            ConnectorsBenchFunctions.RUNS.remove(runId);
        }
    }

    private Timing readBrook(Data d, String runId, long count) throws Exception {
        String stream = readInputs.get(BROOK);
        return runReadJob(
                d,
                runId,
                count,
                env ->
                        env.fromSource(
                                BrookSource.<Tuple2<String, byte[]>>builder()
                                        .root(brookRoot)
                                        .stream(stream)
                                        .startingPosition(StartingPosition.trimHorizon())
                                        .bounded()
                                        .deserializer(new BrookRecordDeserializer())
                                        .build(),
                                WatermarkStrategy.noWatermarks(),
                                "brook"));
    }

    private Timing readKafka(Data d, String runId, long count) throws Exception {
        String topic = readInputs.get(KAFKA);
        Properties props = new Properties();
        props.putAll(o.consumer);
        return runReadJob(
                d,
                runId,
                count,
                env ->
                        env.fromSource(
                                KafkaSource.<Tuple2<String, byte[]>>builder()
                                        .setBootstrapServers(kafka.bootstrapServers())
                                        .setTopics(topic)
                                        .setGroupId(runId)
                                        .setStartingOffsets(OffsetsInitializer.earliest())
                                        .setBounded(OffsetsInitializer.latest())
                                        .setDeserializer(new KafkaRecordDeserializer())
                                        .setProperties(props)
                                        .build(),
                                WatermarkStrategy.noWatermarks(),
                                "kafka"));
    }

    private Timing readFiles(Data d, String runId, long count) throws Exception {
        Path dir = Paths.get(readInputs.get(FILESOURCE));
        return runReadJob(
                d,
                runId,
                count,
                env ->
                        env.fromSource(
                                FileSource.forRecordStreamFormat(
                                                new FramedFormat(),
                                                new org.apache.flink.core.fs.Path(dir.toUri()))
                                        .build(),
                                WatermarkStrategy.noWatermarks(),
                                "filesource"));
    }

    // ------------------------------------------------------------------------------ latency

    /** Percentiles of one latency test, in ms. */
    record Latency(String name, double p50, double p99, double max, long samples) {}

    /** Both latency tests, on the smallest record size of at least 8 bytes. */
    List<Latency> runLatency() throws Exception {
        int size = Arrays.stream(o.sizes).filter(s -> s >= 8).min().orElse(100);
        Options small = new Options();
        small.records = Math.min(100_000, Data.defaultRecords(size));
        small.keys = o.keys;
        small.seed = o.seed;
        Data d = new Data(size, small);
        ConnectorsBenchFunctions.DATA.put(d.id, d.records);
        try {
            List<Latency> out = new ArrayList<>();
            out.add(latency("at-least-once", d, false));
            out.add(latency("at-least-once-sink-job", d, true));
            return out;
        } finally {
            ConnectorsBenchFunctions.DATA.remove(d.id);
        }
    }

    /**
     * A job reading the stream with the Brook source into the probe runs throughout; stamped
     * records are written at a fixed rate either by a Brook {@link Producer} on this thread
     * (default linger) or by a second job, a rate-limited generator into the Brook sink
     * (at-least-once, default flush interval, routed by shard, 10 ms network buffer timeout).
     * Returns the percentiles of the records stamped after the warm-up.
     */
    private Latency latency(String name, Data d, boolean viaSinkJob) throws Exception {
        String stream = nextRunId("latency");
        store.createStream(stream, o.shards);
        long total = (long) o.latencyRate * (o.latencyWarmupSeconds + o.latencySeconds);
        RunStats stats =
                ConnectorsBenchFunctions.register(stream, (int) Math.min(total * 2, 50_000_000));
        LOG.printf(
                "[bench] latency %s: %,d records/s of %d B for %d s (the first %d s unmeasured),"
                        + " %s -> Brook source in a running job%n",
                name,
                o.latencyRate,
                d.dataSize,
                o.latencyWarmupSeconds + o.latencySeconds,
                o.latencyWarmupSeconds,
                viaSinkJob
                        ? "generator job -> Brook sink (at-least-once)"
                        : "Brook Producer (this thread)");
        JobClient reader = null;
        try {
            StreamExecutionEnvironment readEnv = env();
            readEnv.fromSource(
                            BrookSource.<Tuple2<String, byte[]>>builder().root(brookRoot).stream(
                                            stream)
                                    .startingPosition(StartingPosition.trimHorizon())
                                    .deserializer(new BrookRecordDeserializer())
                                    .build(),
                            WatermarkStrategy.noWatermarks(),
                            "brook")
                    .sinkTo(new LatencySink(stream))
                    .name("latency-probe");
            reader = readEnv.executeAsync(stream + "-read");
            waitRunning(reader);
            if (viaSinkJob) {
                writeStampedWithSinkJob(d, stream, total);
            } else {
                writeStampedWithProducer(d, stream, total);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (stats.records.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            check(
                    stats.records.get() >= total,
                    "the latency probe saw " + stats.records + " of " + total + " records");
        } finally {
            if (reader != null) {
                reader.cancel().get(30, TimeUnit.SECONDS);
            }
            ConnectorsBenchFunctions.RUNS.remove(stream);
        }
        int n = Math.min(stats.latencyCount.get(), stats.latencies.length);
        long firstStamp = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            firstStamp = Math.min(firstStamp, stats.stamps[i]);
        }
        long from = firstStamp + TimeUnit.SECONDS.toNanos(o.latencyWarmupSeconds);
        long[] measured = new long[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (stats.stamps[i] >= from) {
                measured[m++] = stats.latencies[i];
            }
        }
        check(m > 0, "no latency samples after the warm-up");
        long[] sorted = Arrays.copyOf(measured, m);
        Arrays.sort(sorted);
        Latency l =
                new Latency(
                        name,
                        percentile(sorted, 0.50) / 1e6,
                        percentile(sorted, 0.99) / 1e6,
                        sorted[m - 1] / 1e6,
                        m);
        LOG.printf(
                Locale.ROOT,
                "[bench] latency %s: %,d records seen (%,d written), %,d measured: p50 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms%n",
                name,
                stats.records.get(),
                total,
                m,
                l.p50(),
                l.p99(),
                l.max());
        store.deleteStream(stream);
        return l;
    }

    /** Sends {@code total} stamped records at the configured rate, then flushes. */
    private void writeStampedWithProducer(Data d, String stream, long total) {
        long interval = 1_000_000_000L / o.latencyRate;
        try (Producer producer = Producer.builder(store, stream).build()) {
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long wait = start + i * interval - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Tuple2<String, byte[]> r = d.records[(int) (i % d.n)];
                byte[] data = r.f1.clone();
                ConnectorsBenchFunctions.putLong(data, System.nanoTime());
                producer.send(r.f0, data);
            }
            producer.flush();
        }
    }

    private static final long SINK_JOB_BUFFER_TIMEOUT_MS = 10;

    private void writeStampedWithSinkJob(Data d, String stream, long total) throws Exception {
        StreamExecutionEnvironment writeEnv = env();
        // What a job that cares for latency sets: Flink holds a routed record in the exchange's
        // network buffer for up to this long (100 ms by default) before the Brook writer sees it.
        writeEnv.setBufferTimeout(SINK_JOB_BUFFER_TIMEOUT_MS);
        writeEnv.fromSource(
                        new DataGeneratorSource<>(
                                new StampingGenerator(d.id),
                                total,
                                RateLimiterStrategy.perSecond(o.latencyRate),
                                ConnectorsBenchFunctions.RECORD_TYPE),
                        WatermarkStrategy.noWatermarks(),
                        "generator")
                .sinkTo(
                        BrookSink.<Tuple2<String, byte[]>>builder().root(brookRoot).stream(stream)
                                .serializer(new BrookRecordSchema())
                                .deliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .build())
                .name("brook");
        JobClient writer = writeEnv.executeAsync(stream + "-write");
        writer.getJobExecutionResult().get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private void waitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            check(System.nanoTime() < deadline, "the reading job did not start");
            Thread.sleep(20);
        }
        // Let its readers get their shards before the writer starts.
        Thread.sleep(1000);
    }

    private static long percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ------------------------------------------------------------------------------ report

    static void report(Options o, List<Result> results, List<Latency> latency) {
        OUT.printf(
                "Brook connectors benchmark: parallelism %d, %d Brook shards / Kafka partitions,"
                        + " %d partition keys, checkpoints every %d ms; median of %d runs after %d"
                        + " warm-up%n",
                o.parallelism, o.shards, o.keys, o.checkpointMillis, o.iterations, o.warmups);
        OUT.println(
                "write: DataGeneratorSource over pre-built records -> sink; from the first record"
                        + " generated to the end of the job (final commit included)");
        OUT.println(
                "read:  bounded source -> counting discard sink; from the first record to the"
                        + " last");
        OUT.println("MB/s counts partition key + data bytes (1 MB = 10^6 bytes)");
        OUT.println();
        OUT.printf(
                "%-11s %-29s %14s %10s %12s %14s%n",
                "path", "side", "records/s", "MB/s", "records", "CPU us/record");
        Map<String, Map<String, Result>> byPath = new LinkedHashMap<>();
        for (Result r : results) {
            byPath.computeIfAbsent(r.path(), p -> new LinkedHashMap<>()).put(r.side(), r);
            OUT.printf(
                    Locale.ROOT,
                    "%-11s %-29s %,14.0f %10.1f %,12d %14.3f%n",
                    r.path(),
                    r.side(),
                    r.recordsPerSec(),
                    r.payloadBytes() / r.secs() / 1e6,
                    r.records(),
                    r.cpuSecs() * 1e6 / r.records());
        }
        OUT.println();
        List<String> targets = new ArrayList<>();
        for (Map.Entry<String, Map<String, Result>> e : byPath.entrySet()) {
            String path = e.getKey();
            Map<String, Result> sides = e.getValue();
            if (path.startsWith("write")) {
                ratio(targets, path + "-exactly-once", sides, BROOK_EO, KAFKA_EO, "kafka", 1.5);
                ratio(
                        targets,
                        path + "-exactly-once-unrouted",
                        sides,
                        BROOK_EO_UNROUTED,
                        KAFKA_EO,
                        "kafka",
                        1.5);
                ratio(targets, path + "-at-least-once", sides, BROOK_ALO, KAFKA_ALO, "kafka", 1.5);
                ratio(
                        targets,
                        path + "-at-least-once-unrouted",
                        sides,
                        BROOK_ALO_UNROUTED,
                        KAFKA_ALO,
                        "kafka",
                        1.5);
                ratio(targets, path, sides, BROOK_EO, FILESINK, "filesink", 0.8);
            } else {
                ratio(targets, path, sides, BROOK, KAFKA, "kafka", 1.5);
                ratio(targets, path, sides, BROOK, FILESOURCE, "filesource", 0.8);
            }
        }
        for (Latency l : latency) {
            OUT.printf(Locale.ROOT, "latency %s p50 %.1f p99 %.1f%n", l.name(), l.p50(), l.p99());
            targets.add(
                    String.format(
                            Locale.ROOT,
                            "latency %s p99 %.1f ms < 100 ms: %s",
                            l.name(),
                            l.p99(),
                            l.p99() < 100 ? "met" : "MISSED"));
        }
        if (!targets.isEmpty()) {
            OUT.println();
            OUT.println(
                    "targets (brook/kafka >= 1.5 on every path, brook/filesink and"
                            + " brook/filesource >= 0.8, p99 < 100 ms):");
            targets.forEach(t -> OUT.println("  " + t));
        }
        OUT.println();
        OUT.println(
                "write-<size> brook/filesink compares the Brook sink exactly-once, routed by"
                        + " shard (its default), with FileSink (exactly-once).");
        OUT.println(
                "Shared machines are noisy: compare ratios from one run, and repeat a run before"
                        + " trusting a small difference.");
    }

    private static void ratio(
            List<String> targets,
            String name,
            Map<String, Result> sides,
            String brook,
            String peer,
            String peerLabel,
            double target) {
        Result b = sides.get(brook);
        Result p = sides.get(peer);
        if (b == null || p == null) {
            return;
        }
        double r = b.recordsPerSec() / p.recordsPerSec();
        OUT.printf(Locale.ROOT, "ratio %s brook/%s %.2f%n", name, peerLabel, r);
        targets.add(
                String.format(
                        Locale.ROOT,
                        "%s brook/%s %.2f >= %.1f: %s",
                        name,
                        peerLabel,
                        r,
                        target,
                        r >= target ? "met" : "MISSED"));
    }

    // ------------------------------------------------------------------------------ helpers

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

    /**
     * Flushes all dirty pages to disk (untimed, {@code sync}), so that no run pays for the
     * writeback of the one before it.
     */
    private static void settle() {
        long t0 = System.nanoTime();
        try {
            Process p = new ProcessBuilder("sync").inheritIO().start();
            p.waitFor(120, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no sync command: go on unsettled
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms > 1000) {
            LOG.printf("[bench]   (flushed to disk in %.1f s, untimed)%n", ms / 1e3);
        }
    }
}
