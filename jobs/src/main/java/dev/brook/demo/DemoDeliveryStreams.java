package dev.brook.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.firehose.config.DeliveryStreamDefinition;
import dev.brook.firehose.config.DeliveryStreamDefinitions;
import dev.brook.firehose.config.FileDestinationConfiguration;
import dev.brook.firehose.job.FirehoseJob;
import dev.brook.store.BrookStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * The demo's Firehose delivery streams over the click stream, built from the definitions users run
 * with {@code bin/brook firehose run} (resources {@code dev/brook/demo/firehose/<name>.yaml}), with
 * {@code Path} set to {@code <root>/firehose/<name>}: GZIP JSON lines, and Parquet converted from
 * the clicks' JSON. They run on the demo's cluster beside the analytics and deliver as the clicks
 * come, a file per checkpoint. At the end, once each has read every click (its source records that
 * at a completed checkpoint), a drained stop-with-savepoint commits the last files.
 */
final class DemoDeliveryStreams implements AutoCloseable {
    static final List<String> NAMES = List.of("clicks-json", "clicks-parquet");

    /** Where under the store's root the delivery streams write, one directory each. */
    static final String DIRECTORY = "firehose";

    private static final String RESOURCES = "/dev/brook/demo/firehose/";

    private final DemoCluster cluster;
    private final BrookStore store;
    private final String stream;
    private final PrintWriter out;
    private final java.nio.file.Path savepoints;
    private final List<Running> running = new ArrayList<>();
    private final ExecutorService waiting =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "brook-demo-firehose");
                        t.setDaemon(true);
                        return t;
                    });

    /** A submitted delivery stream; {@code stopped}: whether it had read every click. */
    private record Running(FirehoseJob job, JobClient client, CompletableFuture<Boolean> stopped) {}

    DemoDeliveryStreams(DemoCluster cluster, BrookStore store, String stream, PrintWriter out)
            throws IOException {
        this.cluster = cluster;
        this.store = store;
        this.stream = stream;
        this.out = out;
        this.savepoints = Files.createTempDirectory("brook-demo-firehose");
    }

    /**
     * The definition {@code name} from the resources, delivering to {@code <root>/firehose/<name>};
     * validated as {@code firehose run} validates a file.
     */
    static DeliveryStreamDefinition definition(String name, String root) {
        ObjectNode tree = DeliveryStreamDefinitions.readTree(resource(name + ".yaml"));
        ((ObjectNode) tree.get("ExtendedS3DestinationConfiguration"))
                .put("Path", destination(root, name));
        return DeliveryStreamDefinitions.parse(tree);
    }

    /** The directory the delivery stream {@code name} writes to. */
    static String destination(String root, String name) {
        return root.replaceAll("/+$", "") + "/" + DIRECTORY + "/" + name;
    }

    /** Replaces what an earlier demo delivered and submits the delivery streams. */
    void start() throws Exception {
        String root = store.root().toString();
        for (String name : NAMES) {
            Path destination = new Path(destination(root, name));
            destination.getFileSystem().delete(destination, true);
            FirehoseJob job = FirehoseJob.builder(definition(name, root)).root(root).build();
            job.prepareSource();
            Configuration conf = new Configuration();
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, job.checkpointInterval());
            StreamExecutionEnvironment env = cluster.environment(conf);
            env.setParallelism(1);
            job.addTo(env);
            running.add(
                    new Running(job, env.executeAsync(job.jobName()), new CompletableFuture<>()));
        }
        println(
                String.format(
                        "Firehose: delivery streams %s deliver %s under %s/, a file per"
                                + " checkpoint (every %d s)",
                        String.join(" and ", NAMES),
                        stream,
                        destination(root, "").replaceAll("/+$", ""),
                        running.get(0).job().checkpointInterval().toSeconds()));
    }

    /**
     * In the background, waits until each delivery stream has read {@code perShard} clicks of each
     * shard, then stops it with a drained savepoint, which commits its last files.
     */
    void stopOnceRead(Map<String, Long> perShard, Duration timeout) {
        for (Running r : running) {
            r.stopped()
                    .completeAsync(
                            () -> {
                                boolean read;
                                try {
                                    read =
                                            ConsumerProgress.await(
                                                    store,
                                                    stream,
                                                    r.job().consumerName(),
                                                    perShard,
                                                    timeout,
                                                    () ->
                                                            r.client()
                                                                    .getJobExecutionResult()
                                                                    .isDone());
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    read = false;
                                }
                                r.client()
                                        .stopWithSavepoint(
                                                true,
                                                savepoints.toUri().toString(),
                                                SavepointFormatType.CANONICAL)
                                        .join();
                                return read;
                            },
                            waiting);
        }
    }

    /**
     * Waits for the stops {@link #stopOnceRead} began and prints where each delivery stream
     * delivered what; returns whether each delivered {@code clicks} records and none to the error
     * output.
     */
    boolean finish(long clicks, Duration timeout) throws Exception {
        boolean delivered = true;
        for (Running r : running) {
            String name = r.job().definition().deliveryStreamName();
            JobExecutionResult result;
            try {
                if (!r.stopped().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    println("Firehose " + name + ": had not read every click when stopped");
                    delivered = false;
                }
                result = r.client().getJobExecutionResult().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "the delivery stream " + name + " failed: " + e.getCause().getMessage(),
                        e.getCause());
            }
            delivered &= report(r.job(), result.getAllAccumulatorResults(), clicks);
        }
        println(
                "  (The folders are Firehose's default prefix YYYY/MM/dd/HH/: the hour, in UTC, the"
                        + " clicks arrived in the stream - now - not their event time.)");
        return delivered;
    }

    /** Prints what the delivery stream delivered where; returns whether it delivered them all. */
    private boolean report(FirehoseJob job, Map<String, Object> accumulators, long clicks)
            throws IOException {
        FileDestinationConfiguration f = job.definition().fileDestination();
        Path destination = new Path(f.path());
        Map<String, long[]> perFolder = new TreeMap<>(); // folder -> {files, bytes}
        collect(destination.getFileSystem(), destination, "", perFolder);
        long files = perFolder.values().stream().mapToLong(c -> c[0]).sum();
        long bytes = perFolder.values().stream().mapToLong(c -> c[1]).sum();
        long records = FirehoseJob.deliveredRecords(accumulators);
        long failed = FirehoseJob.failedRecords(accumulators);
        List<String> folders = new ArrayList<>();
        perFolder.keySet().forEach(folder -> folders.add(f.path() + "/" + folder));
        println(
                String.format(
                        Locale.ROOT,
                        "Firehose %s: %d clicks in %d files under %s (%s, %.1f KB)%s",
                        job.definition().deliveryStreamName(),
                        records,
                        files,
                        folders.isEmpty() ? f.path() + "/" : String.join(", ", folders),
                        format(f),
                        bytes / 1024.0,
                        failed == 0 ? "" : "; " + failed + " to the error output"));
        return records == clicks && failed == 0;
    }

    private static String format(FileDestinationConfiguration f) {
        var serializer =
                f.dataFormatConversionConfiguration().active()
                        ? f.dataFormatConversionConfiguration()
                                .outputFormatConfiguration()
                                .serializer()
                        : null;
        if (serializer == null) {
            return f.compressionFormat() + " JSON lines";
        }
        return serializer.parquetSerDe() != null
                ? "Parquet, " + serializer.parquetSerDe().compression()
                : "ORC, " + serializer.orcSerDe().compression();
    }

    /** Visible files per folder (FileSink's in-progress and pending files start with '.'). */
    private static void collect(
            FileSystem fs, Path dir, String relative, Map<String, long[]> perFolder)
            throws IOException {
        FileStatus[] children = fs.exists(dir) ? fs.listStatus(dir) : null;
        if (children == null) {
            return;
        }
        for (FileStatus child : children) {
            String name = child.getPath().getName();
            if (name.startsWith(".")) {
                continue;
            }
            if (child.isDir()) {
                collect(fs, child.getPath(), relative + name + "/", perFolder);
            } else {
                long[] c = perFolder.computeIfAbsent(relative, k -> new long[2]);
                c[0]++;
                c[1] += child.getLen();
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in = DemoDeliveryStreams.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void println(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** Cancels delivery streams still running (the demo failed before finishing them). */
    @Override
    public void close() throws IOException {
        for (Running r : running) {
            if (!r.client().getJobExecutionResult().isDone()) {
                r.client().cancel();
            }
        }
        waiting.shutdownNow();
        FileUtils.deleteDirectory(savepoints.toFile());
    }
}
