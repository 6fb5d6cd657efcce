package dev.brook.cli;

import dev.brook.jobs.KeyCountJob;
import dev.brook.store.BrookStore;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "run-example",
        header = "Runs an example Flink job on an embedded MiniCluster.",
        description = {
            "key-count: reads --input, counts records per partition key per window of arrival"
                    + " time, and writes {\"key\",\"window_start\",\"window_end\",\"count\"} JSON"
                    + " records to --output, exactly once. The same job runs on a cluster with"
                    + " 'flink run jobs/target/brook-jobs-*.jar --example key-count ...'."
        })
final class RunExampleCommand extends BrookCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The example: key-count.")
    String name;

    @Option(names = "--input", required = true, paramLabel = "STREAM")
    String input;

    @Option(names = "--output", required = true, paramLabel = "STREAM")
    String output;

    @Option(
            names = "--window-seconds",
            defaultValue = "60",
            description = "Window length (default: ${DEFAULT-VALUE}).")
    long windowSeconds;

    @Option(
            names = "--bounded",
            description =
                    "Read the input to the end it has now, then finish (else run until"
                            + " interrupted).")
    boolean bounded;

    @Override
    protected int run(BrookStore store) throws Exception {
        if (!"key-count".equals(name)) {
            throw usage("unknown example '" + name + "': use key-count");
        }
        store.metadata(input); // unknown streams fail here, with the store's one-line error
        store.metadata(output);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1000);
        KeyCountJob.build(
                env,
                new KeyCountJob.Settings(
                        store.root().toString(),
                        input,
                        output,
                        Duration.ofSeconds(windowSeconds),
                        bounded));
        progress("running key-count " + input + " -> " + output + " on an embedded MiniCluster");
        env.execute("brook key-count " + input + " -> " + output);
        progress("finished");
        return BrookCli.EXIT_OK;
    }
}
