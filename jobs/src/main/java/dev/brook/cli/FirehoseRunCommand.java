package dev.brook.cli;

import dev.brook.firehose.config.DeliveryStreamDefinition;
import dev.brook.firehose.job.FirehoseJob;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        header = "Runs a delivery stream as a Flink job on an embedded MiniCluster.",
        description = {
            "Reads the source stream (or, for Direct PUT, the backing stream firehose-NAME, created"
                    + " if missing), processes, partitions and converts the records, and delivers"
                    + " them exactly once to the destination. Runs until Ctrl-C (or, with"
                    + " --bounded, until the source's current end is delivered; with --duration,"
                    + " for that long), printing progress every 10 seconds.",
            "Files become visible at checkpoints; the checkpoint interval is the buffering"
                    + " interval (IntervalInSeconds, at least 1 s). Checkpoints are kept under"
                    + " --checkpoint-dir, and the next run of the same delivery stream continues"
                    + " from the newest one, so records are not delivered twice across runs.",
            "The same job runs on a Flink cluster with"
                    + " 'flink run jobs/target/brook-jobs-*.jar --firehose FILE --root URI'."
        })
final class FirehoseRunCommand extends FirehoseSubcommand implements Callable<Integer> {
    static final long PROGRESS_SECONDS = 10;

    @Mixin FirehoseDefinitionOptions definition;

    @Option(
            names = "--bounded",
            description = "Deliver what the source holds now, then finish (else run until Ctrl-C).")
    boolean bounded;

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            description =
                    "Stop after this many seconds, as Ctrl-C does: what is delivered stays, and the"
                            + " next run continues after it (for scripts).")
    Long durationSeconds;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "URI",
            description =
                    "Where checkpoints are kept (default: <root>/_firehose/<DeliveryStreamName>).")
    String checkpointDir;

    @Option(
            names = "--fresh",
            description = "Start from the source's starting position, ignoring kept checkpoints.")
    boolean fresh;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "1",
            description = "The job's parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw usage("--parallelism must be at least 1");
        }
        if (durationSeconds != null && durationSeconds < 1) {
            throw usage("--duration must be at least 1 second, got " + durationSeconds);
        }
        DeliveryStreamDefinition d;
        try {
            d = definition.load();
        } catch (FirehoseDefinitionOptions.BadDefinition e) {
            throw usage(e.getMessage());
        }
        FirehoseJob job = FirehoseJob.builder(d).root(rootUri()).bounded(bounded).build();
        job.prepareSource();

        String checkpoints =
                checkpointDir != null
                        ? checkpointDir
                        : job.root().replaceAll("/+$", "") + "/_firehose/" + d.deliveryStreamName();
        Configuration conf = new Configuration();
        // Running jobs' accumulators (the progress lines' counts) reach the client with the task
        // managers' heartbeats: every 10 s by default, too late for a 10 s progress line.
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, job.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        String resumeFrom = fresh ? null : FirehoseCheckpoints.latest(checkpoints);
        if (resumeFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, resumeFrom);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        job.addTo(env);

        progress(
                "delivering "
                        + job.definition().sourceStreamName()
                        + " to "
                        + job.definition().destination().target()
                        + (resumeFrom == null ? "" : ", continuing from " + resumeFrom)
                        + (job.definition().fileDestination() != null
                                ? "; files appear every "
                                : "; error output files appear every ")
                        + job.checkpointInterval().toSeconds()
                        + " s"
                        + (bounded ? "" : " (Ctrl-C stops)")
                        + (durationSeconds == null
                                ? ""
                                : "; stopping after " + durationSeconds + " s"));
        JobClient client = env.executeAsync(job.jobName());
        Thread cancelOnExit =
                new Thread(
                        () -> {
                            err().println(
                                            "firehose run: interrupted; stopping (what is delivered stays,"
                                                    + " the next run continues after it)");
                            err().flush();
                            try {
                                client.cancel().get(10, TimeUnit.SECONDS);
                            } catch (Exception ignored) {
                                // the JVM is exiting anyway
                            }
                        },
                        "brook-firehose-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        ScheduledExecutorService ticker =
                Progress.every(
                        "brook-firehose-progress",
                        PROGRESS_SECONDS,
                        PROGRESS_SECONDS,
                        () -> report(client));
        try {
            if (durationSeconds != null && !finishedWithin(client, durationSeconds)) {
                report(client);
                progress(
                        "stopping after "
                                + durationSeconds
                                + " s (what is delivered stays, the next run continues after it)");
                client.cancel().get(30, TimeUnit.SECONDS);
                waitForEnd(client);
                progress("stopped");
                return BrookCli.EXIT_OK;
            }
            client.getJobExecutionResult().get();
            report(client);
            progress("finished");
            return BrookCli.EXIT_OK;
        } finally {
            ticker.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    /** Whether the job ended (successfully) within {@code seconds}. */
    private static boolean finishedWithin(JobClient client, long seconds) throws Exception {
        try {
            client.getJobExecutionResult().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        }
    }

    /** Waits until a cancelled job has ended; its result is the cancellation. */
    private static void waitForEnd(JobClient client) throws Exception {
        try {
            client.getJobExecutionResult().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // expected: the job was cancelled
        }
    }

    /** The store's root as a URI, so checkpoints can live beside the streams. */
    private String rootUri() {
        String r = cli().root();
        if (r.contains(":/")) {
            return r;
        }
        return java.nio.file.Path.of(r).toAbsolutePath().normalize().toUri().toString();
    }

    private void report(JobClient client) {
        Map<String, Object> acc;
        try {
            acc = client.getAccumulators().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return; // the job is ending; the final report follows
        }
        progress(
                String.format(
                        Locale.ROOT,
                        "delivered %d records (%.1f MB), %d to the error output",
                        number(acc, "firehose-delivered-records"),
                        number(acc, "firehose-delivered-bytes") / 1e6,
                        number(acc, "firehose-failed-records")));
    }

    private static long number(Map<String, Object> acc, String name) {
        return acc.get(name) instanceof Number n ? n.longValue() : 0;
    }
}
