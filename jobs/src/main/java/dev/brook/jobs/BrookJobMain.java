package dev.brook.jobs;

import dev.brook.firehose.config.DeliveryStreamDefinition;
import dev.brook.firehose.config.DeliveryStreamDefinitions;
import dev.brook.firehose.config.InvalidDefinitionException;
import dev.brook.firehose.job.FirehoseJob;
import dev.brook.sql.runner.SqlRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The jobs jar's entry point for {@code flink run}: either an example job ({@code flink run
 * brook-jobs.jar --example key-count --root hdfs:///brook --input clicks --output click-counts}) or
 * a SQL script ({@code flink run brook-jobs.jar --sql job.sql --root hdfs:///brook}). The same code
 * runs embedded from {@code bin/brook run-example} and {@code bin/brook sql}.
 */
@Command(
        name = "brook-jobs",
        mixinStandardHelpOptions = true,
        description = "Brook's Flink jobs, for 'flink run <brook-jobs jar> ...'.")
public final class BrookJobMain implements Callable<Integer> {
    /** What to run: one of these. */
    static final class Job {
        @Option(
                names = "--example",
                required = true,
                paramLabel = "NAME",
                description = "The example job to run: key-count.")
        String example;

        @Option(
                names = "--sql",
                required = true,
                paramLabel = "FILE",
                description =
                        "A Flink SQL script to run (read where the program's main method runs:"
                                + " the client, or the JobManager in application mode).")
        Path sql;

        @Option(
                names = "--firehose",
                required = true,
                paramLabel = "FILE",
                description =
                        "A delivery stream definition (YAML or JSON) to run; --root is the store"
                                + " when the definition names none.")
        Path firehose;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Job job;

    @Option(
            names = "--root",
            description =
                    "The store's root URI (key-count: required; --sql: the script's $${BROOK_ROOT}).")
    String root;

    @Option(names = "--input", description = "key-count: the stream to read.")
    String input;

    @Option(names = "--output", description = "key-count: the stream to write.")
    String output;

    @Option(
            names = "--window-seconds",
            defaultValue = "60",
            description = "key-count: window length in seconds (default: ${DEFAULT-VALUE}).")
    long windowSeconds;

    @Option(
            names = "--bounded",
            description =
                    "key-count, --firehose: read the input to the end it has at start, then finish.")
    boolean bounded;

    @Option(
            names = "--checkpoint-interval-ms",
            defaultValue = "10000",
            description =
                    "key-count: checkpoint interval; the exactly-once output appears at checkpoints.")
    long checkpointMillis;

    @Option(
            names = "--var",
            paramLabel = "NAME=VALUE",
            description = "--sql: a variable for the script: $${NAME} is replaced by VALUE.")
    Map<String, String> vars = new HashMap<>();

    @Option(
            names = "--detach",
            description = "--sql: return once the script's jobs are submitted, without waiting.")
    boolean detach;

    @Option(
            names = "--max-rows",
            defaultValue = "1000",
            description = "--sql: the most rows a SELECT prints (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (job.sql != null) {
            return runSql();
        }
        if (job.firehose != null) {
            return runFirehose();
        }
        if (!"key-count".equals(job.example)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "unknown example '" + job.example + "': use key-count");
        }
        for (var required :
                new String[][] {{"--root", root}, {"--input", input}, {"--output", output}}) {
            if (required[1] == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "key-count needs " + required[0]);
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(checkpointMillis);
        KeyCountJob.build(
                env,
                new KeyCountJob.Settings(
                        root, input, output, Duration.ofSeconds(windowSeconds), bounded));
        env.execute("brook key-count " + input + " -> " + output);
        return 0;
    }

    /**
     * Runs the script on the context's environment (the cluster under {@code flink run}); a
     * savepoint to restore from comes from {@code flink run -s PATH}, or a {@code SET
     * 'execution.state-recovery.path'} at the script's top.
     */
    private int runSql() throws Exception {
        String script = Files.readString(job.sql, StandardCharsets.UTF_8);
        Map<String, String> variables = new HashMap<>(vars);
        if (root != null) {
            variables.putIfAbsent("BROOK_ROOT", root);
        }
        Path dir = job.sql.toAbsolutePath().normalize().getParent();
        variables.putIfAbsent("SCRIPT_DIR", dir == null ? "" : dir.toString());
        SqlRunner runner = SqlRunner.builder().maxRows(maxRows).build();
        runner.run(script, variables);
        if (!detach) {
            runner.awaitJobs();
        }
        return 0;
    }

    /**
     * Runs a delivery stream on the context's environment. The checkpoint interval follows the
     * buffering interval unless the cluster's configuration sets one.
     */
    private int runFirehose() throws Exception {
        DeliveryStreamDefinition definition;
        try {
            definition = DeliveryStreamDefinitions.load(job.firehose);
        } catch (InvalidDefinitionException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), job.firehose + ": " + e.getMessage());
        }
        FirehoseJob firehose = FirehoseJob.builder(definition).root(root).bounded(bounded).build();
        firehose.prepareSource();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(firehose.checkpointInterval().toMillis());
        }
        firehose.addTo(env);
        env.execute(firehose.jobName());
        return 0;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new BrookJobMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
