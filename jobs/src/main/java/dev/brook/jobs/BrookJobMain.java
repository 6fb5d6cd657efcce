package dev.brook.jobs;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The jobs jar's entry point for {@code flink run}: {@code flink run brook-jobs.jar --example
 * key-count --root hdfs:///brook --input clicks --output click-counts}. The same code runs embedded
 * from {@code bin/brook run-example}.
 */
@Command(
        name = "brook-jobs",
        mixinStandardHelpOptions = true,
        description = "Brook's Flink jobs, for 'flink run <brook-jobs jar> ...'.")
public final class BrookJobMain implements Callable<Integer> {
    @Option(
            names = "--example",
            required = true,
            paramLabel = "NAME",
            description = "The example job to run: key-count.")
    String example;

    @Option(names = "--root", required = true, description = "The store's root URI.")
    String root;

    @Option(names = "--input", required = true, description = "The stream to read.")
    String input;

    @Option(names = "--output", required = true, description = "The stream to write.")
    String output;

    @Option(
            names = "--window-seconds",
            defaultValue = "60",
            description = "Window length in seconds (default: ${DEFAULT-VALUE}).")
    long windowSeconds;

    @Option(
            names = "--bounded",
            description = "Read the input to the end it has at start, then finish.")
    boolean bounded;

    @Option(
            names = "--checkpoint-interval-ms",
            defaultValue = "10000",
            description = "Checkpoint interval; the exactly-once output appears at checkpoints.")
    long checkpointMillis;

    @Override
    public Integer call() throws Exception {
        if (!"key-count".equals(example)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "unknown example '" + example + "': use key-count");
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

    public static void main(String[] args) {
        int code = new CommandLine(new BrookJobMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
