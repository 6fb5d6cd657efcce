package dev.brook.bench;

import dev.brook.client.Producer;
import dev.brook.firehose.config.DeliveryStreamDefinitions;
import dev.brook.firehose.format.Schemas;
import dev.brook.firehose.job.FirehoseJob;
import dev.brook.source.BrookDeserializationSchema;
import dev.brook.source.BrookSource;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonRowDataDeserializationSchema;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * {@code bin/bench firehose}: a Brook delivery stream ({@link FirehoseJob} from a definition)
 * against a plain Flink job doing the same conversion by hand, in one run on one MiniCluster, over
 * the same click-stream JSON records preloaded into one Brook stream.
 *
 * <p>Both sides read the stream with a bounded {@link BrookSource} from its start, run at the same
 * parallelism with the same checkpoint interval and Flink's default execution config (no object
 * reuse, as {@code bin/brook firehose run} runs), and write with Flink's {@link FileSink} (bulk
 * format, rolled at checkpoints) into hourly {@code yyyy/MM/dd/HH} buckets in UTC (by hand: of each
 * record's arrival time; Brook: of its buffer's first record, as Firehose does):
 *
 * <ul>
 *   <li><b>gzip-json</b>: Brook: {@code AppendDelimiterToRecord} and {@code CompressionFormat:
 *       GZIP}. By hand: the record's data and a newline into a {@link GZIPOutputStream} per part
 *       file.
 *   <li><b>parquet</b>: Brook: {@code DataFormatConversionConfiguration} with the schema, Parquet
 *       SNAPPY. By hand: Flink's JSON format ({@link JsonRowDataDeserializationSchema}) into {@link
 *       RowData}, Flink's Parquet writer ({@link ParquetRowDataBuilder}) with SNAPPY.
 * </ul>
 *
 * What differs is Firehose's machinery only: its record type, processors, prefix evaluation,
 * active-partition bookkeeping, OpenX JSON conversion, delivery metrics, object names and error
 * output. A run is timed from submitting the job to its end (so job start-up and the final
 * checkpoint's commit count on both sides), and checked: every record is in the delivered files
 * once.
 */
public final class FirehoseBenchmark {
    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

    static final String GZIP_JSON = "firehose-gzip-json";
    static final String PARQUET = "firehose-parquet";
    static final String BROOK = "brook";
    static final String FILESINK = "filesink";

    /** The click stream's columns, as the Parquet schema on both sides. */
    static final String COLUMNS =
            "event_id STRING, user_id BIGINT, session_id STRING, event_type STRING, page STRING,"
                    + " referrer STRING, user_agent STRING, country STRING, duration_ms INT,"
                    + " price DOUBLE, ts BIGINT";

    private static final Pattern HOUR_BUCKET = Pattern.compile("\\d{4}/\\d{2}/\\d{2}/\\d{2}");

    static final class Options {
        int records = 1_000_000;
        int shards = 4;
        int parallelism = 2;
        int iterations = 3;
        int warmups = 1;
        long checkpointMillis = 1000;
        boolean gzip = true;
        boolean parquet = true;
        List<String> sides = List.of(BROOK, FILESINK);
        Path dir;
        boolean keep;
        long seed = 42;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> {
                        usage(OUT);
                        System.exit(0);
                    }
                    case "--records" -> o.records = Integer.parseInt(value(args, ++i, a));
                    case "--shards" -> o.shards = Integer.parseInt(value(args, ++i, a));
                    case "--parallelism" -> o.parallelism = Integer.parseInt(value(args, ++i, a));
                    case "--iterations" -> o.iterations = Integer.parseInt(value(args, ++i, a));
                    case "--warmups" -> o.warmups = Integer.parseInt(value(args, ++i, a));
                    case "--checkpoint-interval" ->
                            o.checkpointMillis = Long.parseLong(value(args, ++i, a));
                    case "--only" -> {
                        String only = value(args, ++i, a);
                        if (!List.of("gzip-json", "parquet").contains(only)) {
                            fail("--only takes gzip-json or parquet");
                        }
                        o.gzip = only.equals("gzip-json");
                        o.parquet = only.equals("parquet");
                    }
                    case "--sides" -> o.sides = List.of(value(args, ++i, a).split(","));
                    case "--dir" -> o.dir = Paths.get(value(args, ++i, a));
                    case "--keep" -> o.keep = true;
                    case "--seed" -> o.seed = Long.parseLong(value(args, ++i, a));
                    default -> {
                        LOG.println("bench firehose: unknown option " + a);
                        usage(LOG);
                        System.exit(2);
                    }
                }
            }
            if (o.records < 1 || o.records > 20_000_000) {
                fail("--records must be 1 to 20000000");
            }
            if (o.iterations < 1 || o.warmups < 0) {
                fail("--iterations must be at least 1 and --warmups at least 0");
            }
            if (o.shards < 1 || o.parallelism < 1) {
                fail("--shards and --parallelism must be positive");
            }
            if (o.checkpointMillis < 100) {
                fail("--checkpoint-interval must be at least 100 ms");
            }
            for (String s : o.sides) {
                if (!s.equals(BROOK) && !s.equals(FILESINK)) {
                    fail("--sides takes brook and filesink, got " + s);
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            return BenchArgs.value("firehose", args, i, option);
        }

        private static void fail(String message) {
            BenchArgs.fail("firehose", message);
        }
    }

    static void usage(PrintStream out) {
        out.println(
                String.join(
                        "\n",
                        "Usage: bin/bench firehose [options]",
                        "",
                        "A Brook delivery stream (FirehoseJob from a definition) against a plain"
                                + " Flink job doing the same",
                        "conversion by hand, on a local MiniCluster, over the same click-stream"
                                + " JSON records (about 320 B)",
                        "preloaded into a Brook stream: bounded Brook source -> FileSink in hourly"
                                + " yyyy/MM/dd/HH buckets,",
                        "parallelism 2, checkpoints every 1 s, Flink's default execution config:",
                        "  gzip-json  Brook: AppendDelimiterToRecord + GZIP; by hand: data +"
                                + " newline into a GZIPOutputStream",
                        "  parquet    Brook: DataFormatConversionConfiguration, Parquet SNAPPY;"
                                + " by hand: Flink's JSON",
                        "             format to RowData, Flink's Parquet writer (SNAPPY)",
                        "Prints records/s and MB/s (JSON input bytes) per path and side, and"
                                + " 'ratio <path> brook/filesink <x>'.",
                        "",
                        "Options:",
                        "  --records N             records in the stream (default 1000000)",
                        "  --iterations N          measured runs per path and side; the median is"
                                + " reported (default 3)",
                        "  --warmups N             unmeasured runs per path and side first"
                                + " (default 1)",
                        "  --parallelism N         job parallelism (default 2)",
                        "  --shards N              shards of the source stream (default 4)",
                        "  --checkpoint-interval MS  (default 1000)",
                        "  --only gzip-json|parquet  measure only one path",
                        "  --sides brook,filesink  run only these sides (for profiling)",
                        "  --dir PATH              where to write: a fresh directory is made inside"
                                + " PATH and deleted",
                        "                          afterwards (default: the system temp"
                                + " directory)",
                        "  --keep                  keep the files written",
                        "  --seed N                random seed of the generated records (default"
                                + " 42)",
                        "",
                        "Environment: BENCH_JAVA_OPTS adds JVM options (e.g. a JFR recording)."));
    }

    record Result(String path, String side, long records, long bytes, double secs, double cpu) {
        double recordsPerSec() {
            return records / secs;
        }
    }

    private final Options o;
    private final Path work;
    private final String root;
    private final String stream = "clicks";
    private MiniCluster cluster;
    private long inputBytes;
    private int runCounter;

    FirehoseBenchmark(Options o, Path work) {
        this.o = o;
        this.work = work;
        this.root = work.resolve("brook").toUri().toString();
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path parent = o.dir != null ? o.dir : Paths.get(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "brook-bench-firehose-");
        FirehoseBenchmark bench = new FirehoseBenchmark(o, work);
        List<Result> results;
        try {
            bench.start();
            bench.preload();
            results = bench.runAll();
        } finally {
            bench.shutdown();
            if (o.keep) {
                LOG.println("[bench] kept the files in " + work);
            } else {
                StoreBenchmark.deleteTree(work);
            }
        }
        report(o, results);
        System.exit(0);
    }

    void start() throws Exception {
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
                                .setNumSlotsPerTaskManager(o.parallelism)
                                .withRandomPorts()
                                .build());
        cluster.start();
    }

    void shutdown() {
        if (cluster != null) {
            try {
                cluster.closeAsync().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.println("[bench] MiniCluster did not stop cleanly: " + e);
            }
            cluster = null;
        }
    }

    /** Generates the click stream and puts it into the source stream (untimed). */
    void preload() {
        long t0 = System.nanoTime();
        SplittableRandom random = new SplittableRandom(o.seed);
        try (BrookStore store = BrookStore.open(root)) {
            store.createStream(stream, o.shards);
            try (Producer producer = Producer.builder(store, stream).build()) {
                for (int i = 0; i < o.records; i++) {
                    long user = random.nextInt(100_000);
                    byte[] data = click(i, user, random).getBytes(StandardCharsets.UTF_8);
                    inputBytes += data.length;
                    producer.send("user-" + user, data);
                }
                producer.flush();
            }
        }
        LOG.printf(
                Locale.ROOT,
                "[bench] firehose: %,d click records (%.1f MB of JSON, %d B on average) in a"
                        + " stream of %d shards, put in %.1f s; parallelism %d, checkpoints every"
                        + " %d ms, %d warm-up + %d measured runs per path and side, in %s%n",
                o.records,
                inputBytes / 1e6,
                inputBytes / o.records,
                o.shards,
                (System.nanoTime() - t0) / 1e9,
                o.parallelism,
                o.checkpointMillis,
                o.warmups,
                o.iterations,
                work);
    }

    private static final String[] PAGES = {
        "/", "/products", "/products/%d", "/cart", "/checkout", "/search?q=item-%d", "/account"
    };
    private static final String[] TYPES = {"page_view", "click", "add_to_cart", "purchase"};
    private static final String[] COUNTRIES = {"DE", "US", "FR", "GB", "JP", "BR", "IN", "ES"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/125.0"
    };

    static String click(int i, long user, SplittableRandom r) {
        String page = String.format(Locale.ROOT, PAGES[r.nextInt(PAGES.length)], r.nextInt(5000));
        return String.format(
                Locale.ROOT,
                "{\"event_id\":\"e-%012d\",\"user_id\":%d,\"session_id\":\"s-%012x\","
                        + "\"event_type\":\"%s\",\"page\":\"%s\","
                        + "\"referrer\":\"https://www.example.com%s\",\"user_agent\":\"%s\","
                        + "\"country\":\"%s\",\"duration_ms\":%d,\"price\":%.2f,\"ts\":%d}",
                i,
                user,
                r.nextLong(1L << 48),
                TYPES[r.nextInt(TYPES.length)],
                page,
                PAGES[r.nextInt(2)],
                AGENTS[r.nextInt(AGENTS.length)],
                COUNTRIES[r.nextInt(COUNTRIES.length)],
                r.nextInt(60_000),
                r.nextInt(100_000) / 100.0,
                1_714_557_600_000L + i);
    }

    // ------------------------------------------------------------------------------ runs

    @FunctionalInterface
    interface Side {
        void run(String runId, Path out) throws Exception;
    }

    List<Result> runAll() throws Exception {
        List<Result> results = new ArrayList<>();
        if (o.gzip) {
            results.addAll(
                    measure(GZIP_JSON, this::brookGzip, this::handGzip, this::checkGzipLines));
        }
        if (o.parquet) {
            results.addAll(
                    measure(PARQUET, this::brookParquet, this::handParquet, this::checkParquet));
        }
        return results;
    }

    @FunctionalInterface
    interface Check {
        /** Checks a run's output; returns the records found. */
        long check(Path out) throws IOException;
    }

    private List<Result> measure(String path, Side brook, Side filesink, Check check)
            throws Exception {
        List<String> names = new ArrayList<>(o.sides);
        List<Side> sides = names.stream().map(n -> n.equals(BROOK) ? brook : filesink).toList();
        int k = sides.size();
        long[][] times = new long[k][o.iterations];
        long[][] cpus = new long[k][o.iterations];
        for (int i = -o.warmups; i < o.iterations; i++) {
            for (int j = 0; j < k; j++) {
                int s = (j + i + o.warmups) % k;
                String runId = names.get(s) + "-" + (++runCounter);
                Path out = work.resolve("out").resolve(runId);
                System.gc();
                long cpu0 = ConnectorsBenchFunctions.cpuNanos();
                long t0 = System.nanoTime();
                sides.get(s).run(runId, out);
                long nanos = System.nanoTime() - t0;
                long cpu = ConnectorsBenchFunctions.cpuNanos() - cpu0;
                long found = check.check(out);
                if (found != o.records) {
                    throw new IllegalStateException(
                            "benchmark check failed: "
                                    + runId
                                    + " delivered "
                                    + found
                                    + " records, not "
                                    + o.records);
                }
                if (!o.keep) {
                    StoreBenchmark.deleteTree(out);
                }
                if (i >= 0) {
                    times[s][i] = nanos;
                    cpus[s][i] = cpu;
                }
                LOG.printf(
                        Locale.ROOT,
                        "[bench] %-18s %-8s %s: %6.3f s %,12.0f records/s  %6.3f s CPU%n",
                        path,
                        names.get(s),
                        i < 0 ? "warm-up" : "run " + (i + 1),
                        nanos / 1e9,
                        o.records / (nanos / 1e9),
                        cpu / 1e9);
            }
        }
        List<Result> results = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            results.add(
                    new Result(
                            path,
                            names.get(s),
                            o.records,
                            inputBytes,
                            StoreBenchmark.median(times[s]) / 1e9,
                            StoreBenchmark.median(cpus[s]) / 1e9));
        }
        return results;
    }

    private StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, o.parallelism);
        env.enableCheckpointing(o.checkpointMillis);
        return env;
    }

    private void execute(StreamExecutionEnvironment env, String runId) throws Exception {
        env.executeAsync(runId)
                .getJobExecutionResult()
                .get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------------------ Brook

    private void brookGzip(String runId, Path out) throws Exception {
        runBrook(
                runId,
                out,
                "  CompressionFormat: GZIP",
                "  ProcessingConfiguration:",
                "    Enabled: true",
                "    Processors: [{Type: AppendDelimiterToRecord}]");
    }

    private void brookParquet(String runId, Path out) throws Exception {
        runBrook(
                runId,
                out,
                "  DataFormatConversionConfiguration:",
                "    SchemaConfiguration: {Columns: '" + COLUMNS + "'}",
                "    OutputFormatConfiguration: {Serializer: {ParquetSerDe: {Compression: SNAPPY}}}");
    }

    /**
     * The delivery stream as a user defines it: default prefix ({@code YYYY/MM/dd/HH/}, UTC), the
     * largest buffer and interval, so files roll at checkpoints as FileSink's do by hand.
     */
    private void runBrook(String runId, Path out, String... destination) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("DeliveryStreamName: bench-" + runId);
        lines.add("KinesisStreamSourceConfiguration: {StreamName: " + stream + "}");
        lines.add("ExtendedS3DestinationConfiguration:");
        lines.add("  Path: " + out.toUri());
        lines.add("  BufferingHints: {SizeInMBs: 128, IntervalInSeconds: 900}");
        lines.addAll(List.of(destination));
        FirehoseJob job =
                FirehoseJob.builder(DeliveryStreamDefinitions.parse(String.join("\n", lines)))
                        .root(root)
                        .bounded(true)
                        .build();
        StreamExecutionEnvironment env = env();
        job.addTo(env);
        execute(env, runId);
    }

    // ------------------------------------------------------------------------------ by hand

    private <T> BrookSource<Tuple2<Long, T>> handSource(
            BrookDeserializationSchema<Tuple2<Long, T>> deserializer) {
        return BrookSource.<Tuple2<Long, T>>builder().root(root).stream(stream)
                .bounded()
                .deserializer(deserializer)
                .build();
    }

    private static <T> FileSink<Tuple2<Long, T>> handSink(
            Path out, BulkWriter.Factory<Tuple2<Long, T>> writer, String suffix) {
        return FileSink.forBulkFormat(new org.apache.flink.core.fs.Path(out.toUri()), writer)
                .withBucketAssigner(new HourOfArrival<T>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartSuffix(suffix).build())
                .build();
    }

    private void handGzip(String runId, Path out) throws Exception {
        StreamExecutionEnvironment env = env();
        env.fromSource(handSource(new ArrivalAndData()), WatermarkStrategy.noWatermarks(), "brook")
                .sinkTo(handSink(out, new GzipLines(), ".gz"))
                .name("filesink");
        execute(env, runId);
    }

    private void handParquet(String runId, Path out) throws Exception {
        RowType schema = Schemas.parse(COLUMNS);
        org.apache.hadoop.conf.Configuration parquet = new org.apache.hadoop.conf.Configuration();
        parquet.set("parquet.compression", "SNAPPY");
        StreamExecutionEnvironment env = env();
        env.fromSource(
                        handSource(new ArrivalAndRow(schema)),
                        WatermarkStrategy.noWatermarks(),
                        "brook")
                .sinkTo(
                        handSink(
                                out,
                                new Payload<>(
                                        ParquetRowDataBuilder.createWriterFactory(
                                                schema, parquet, true)),
                                ".parquet"))
                .name("filesink");
        execute(env, runId);
    }

    /** A record's arrival time and data. */
    static final class ArrivalAndData implements BrookDeserializationSchema<Tuple2<Long, byte[]>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(Record record, Collector<Tuple2<Long, byte[]>> out) {
            out.collect(Tuple2.of(record.arrivalMillis(), record.data()));
        }

        @Override
        public TypeInformation<Tuple2<Long, byte[]>> getProducedType() {
            return Types.TUPLE(Types.LONG, Types.PRIMITIVE_ARRAY(Types.BYTE));
        }
    }

    /** A record's arrival time and its JSON as a row, by Flink's JSON format. */
    static final class ArrivalAndRow implements BrookDeserializationSchema<Tuple2<Long, RowData>> {
        private static final long serialVersionUID = 1L;

        private final RowType schema;
        private final JsonRowDataDeserializationSchema json;

        ArrivalAndRow(RowType schema) {
            this.schema = schema;
            this.json =
                    new JsonRowDataDeserializationSchema(
                            schema, InternalTypeInfo.of(schema), false, false, TimestampFormat.SQL);
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) throws Exception {
            json.open(context);
        }

        @Override
        public void deserialize(Record record, Collector<Tuple2<Long, RowData>> out)
                throws IOException {
            out.collect(Tuple2.of(record.arrivalMillis(), json.deserialize(record.data())));
        }

        @Override
        public TypeInformation<Tuple2<Long, RowData>> getProducedType() {
            return Types.TUPLE(Types.LONG, InternalTypeInfo.of(schema));
        }
    }

    /** The hour of the arrival time, in UTC, as the bucket. */
    static final class HourOfArrival<T> implements BucketAssigner<Tuple2<Long, T>, String> {
        private static final long serialVersionUID = 1L;
        private static final DateTimeFormatter HOUR =
                DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

        @Override
        public String getBucketId(Tuple2<Long, T> element, Context context) {
            return HOUR.format(Instant.ofEpochMilli(element.f0));
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }

    /** Each record's data and a newline, GZIP-compressed: one GZIP stream per part file. */
    static final class GzipLines implements BulkWriter.Factory<Tuple2<Long, byte[]>> {
        private static final long serialVersionUID = 1L;
        private static final int BUFFER = 64 * 1024;

        @Override
        public BulkWriter<Tuple2<Long, byte[]>> create(FSDataOutputStream out) throws IOException {
            GZIPOutputStream gzip =
                    new GZIPOutputStream(new BufferedOutputStream(out, BUFFER), BUFFER);
            BufferedOutputStream lines = new BufferedOutputStream(gzip, BUFFER);
            return new BulkWriter<>() {
                @Override
                public void addElement(Tuple2<Long, byte[]> element) throws IOException {
                    lines.write(element.f1);
                    lines.write('\n');
                }

                @Override
                public void flush() throws IOException {
                    lines.flush();
                }

                @Override
                public void finish() throws IOException {
                    lines.flush();
                    gzip.finish();
                    gzip.flush();
                }
            };
        }
    }

    /** Writes the payload ({@code f1}) with the payload's bulk writer. */
    static final class Payload<T> implements BulkWriter.Factory<Tuple2<Long, T>> {
        private static final long serialVersionUID = 1L;
        private final BulkWriter.Factory<T> payload;

        Payload(BulkWriter.Factory<T> payload) {
            this.payload = payload;
        }

        @Override
        public BulkWriter<Tuple2<Long, T>> create(FSDataOutputStream out) throws IOException {
            BulkWriter<T> writer = payload.create(out);
            return new BulkWriter<>() {
                @Override
                public void addElement(Tuple2<Long, T> element) throws IOException {
                    writer.addElement(element.f1);
                }

                @Override
                public void flush() throws IOException {
                    writer.flush();
                }

                @Override
                public void finish() throws IOException {
                    writer.finish();
                }
            };
        }
    }

    // ------------------------------------------------------------------------------ checks

    /** Delivered files: visible (not FileSink's hidden in-progress ones), in hourly buckets. */
    private static List<Path> delivered(Path out, String suffix) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(out)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    throw new IllegalStateException("benchmark check failed: left over " + p);
                }
                String bucket = out.relativize(p.getParent()).toString().replace('\\', '/');
                if (!HOUR_BUCKET.matcher(bucket).matches() || !name.endsWith(suffix)) {
                    throw new IllegalStateException("benchmark check failed: unexpected " + p);
                }
                files.add(p);
            }
        }
        return files;
    }

    /** Lines in the delivered GZIP files; their bytes must be the input's plus the newlines. */
    private long checkGzipLines(Path out) throws IOException {
        long lines = 0;
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        for (Path p : delivered(out, ".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(p), 64 * 1024)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
        }
        if (bytes != inputBytes + lines) {
            throw new IllegalStateException(
                    "benchmark check failed: " + bytes + " bytes in " + lines + " lines");
        }
        return lines;
    }

    /** Rows in the delivered Parquet files (from their footers). */
    private long checkParquet(Path out) throws IOException {
        long rows = 0;
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        for (Path p : delivered(out, ".parquet")) {
            try (ParquetFileReader reader =
                    ParquetFileReader.open(
                            HadoopInputFile.fromPath(
                                    new org.apache.hadoop.fs.Path(p.toUri()), conf))) {
                rows += reader.getRecordCount();
            }
        }
        return rows;
    }

    // ------------------------------------------------------------------------------ report

    static void report(Options o, List<Result> results) {
        OUT.printf(
                "Brook Firehose benchmark: %,d click-stream JSON records in a stream of %d shards,"
                        + " parallelism %d, checkpoints every %d ms; median of %d runs after %d"
                        + " warm-up%n",
                o.records, o.shards, o.parallelism, o.checkpointMillis, o.iterations, o.warmups);
        OUT.println(
                "brook: a delivery stream (FirehoseJob); filesink: bounded Brook source ->"
                        + " FileSink, the same conversion by hand");
        OUT.println(
                "timed from job submission to the job's end (start-up and final commit included"
                        + " on both sides); MB/s counts JSON input bytes (10^6)");
        OUT.println();
        OUT.printf(
                "%-18s %-8s %14s %10s %12s %14s%n",
                "path", "side", "records/s", "MB/s", "records", "CPU us/record");
        for (Result r : results) {
            OUT.printf(
                    Locale.ROOT,
                    "%-18s %-8s %,14.0f %10.1f %,12d %14.3f%n",
                    r.path(),
                    r.side(),
                    r.recordsPerSec(),
                    r.bytes() / r.secs() / 1e6,
                    r.records(),
                    r.cpu() * 1e6 / r.records());
        }
        OUT.println();
        List<String> targets = new ArrayList<>();
        for (String path : List.of(GZIP_JSON, PARQUET)) {
            Result b = find(results, path, BROOK);
            Result f = find(results, path, FILESINK);
            if (b != null && f != null) {
                double r = b.recordsPerSec() / f.recordsPerSec();
                OUT.printf(Locale.ROOT, "ratio %s brook/filesink %.2f%n", path, r);
                targets.add(
                        String.format(
                                Locale.ROOT,
                                "%s brook/filesink %.2f >= 0.9: %s",
                                path,
                                r,
                                r >= 0.9 ? "met" : "MISSED"));
            }
        }
        if (!targets.isEmpty()) {
            OUT.println();
            OUT.println("targets (brook/filesink >= 0.9):");
            targets.forEach(t -> OUT.println("  " + t));
        }
        OUT.println();
        OUT.println(
                "Shared machines are noisy: compare ratios from one run, and repeat a run before"
                        + " trusting a small difference.");
    }

    private static Result find(List<Result> results, String path, String side) {
        return results.stream()
                .filter(r -> r.path().equals(path) && r.side().equals(side))
                .findFirst()
                .orElse(null);
    }
}
