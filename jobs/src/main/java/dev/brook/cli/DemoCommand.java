package dev.brook.cli;

import dev.brook.demo.ClickStreamDemo;
import dev.brook.store.BrookStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        header = "Runs the demo on the embedded store.",
        description = {
            "Creates the stream demo-clicks (replacing one left by an earlier run), produces click"
                    + " events with a Producer, splits a shard while producing, reads everything"
                    + " back with a Consumer that follows the shards' lineage, and prints the"
                    + " per-shard counts.",
            "Meanwhile a Flink SQL job on an embedded MiniCluster prints live analytics: per 10 s"
                    + " window of the clicks' event time, the clicks per page and the"
                    + " RANDOM_CUT_FOREST anomaly score of the clicks per second (the demo's"
                    + " clicks have a burst the score picks out).",
            "On the same MiniCluster two Firehose delivery streams deliver the clicks as files under"
                    + " <root>/firehose/ (replacing an earlier run's): clicks-json as GZIP JSON"
                    + " lines and clicks-parquet as Parquet (SNAPPY), in Firehose's default hourly"
                    + " folders YYYY/MM/dd/HH/ of the clicks' arrival time in UTC (now, not their"
                    + " 2024 event time). Once they have read every click they stop with a drained"
                    + " savepoint, and the demo prints where the files are. Their definitions are"
                    + " jobs/src/main/resources/dev/brook/demo/firehose/*.yaml; 'brook firehose"
                    + " run' runs them too.",
            "The exit code is 0 only when every click was read back once, counted once by the"
                    + " analytics and delivered once by each delivery stream."
        })
final class DemoCommand extends BrookCommand {
    @Option(
            names = "--clicks",
            defaultValue = "5000",
            paramLabel = "N",
            description = "How many click events to produce (default: ${DEFAULT-VALUE}).")
    int clicks;

    @Option(
            names = "--speed",
            defaultValue = "20",
            paramLabel = "X",
            description =
                    "Produce X seconds of the clicks' event time per second, so the windows close"
                            + " as you watch; 0 produces as fast as possible (default:"
                            + " ${DEFAULT-VALUE}).")
    double speed;

    @Override
    protected int run(BrookStore store) throws Exception {
        if (clicks < 2) {
            throw usage("--clicks must be at least 2, got " + clicks);
        }
        if (!(speed >= 0)) {
            throw usage("--speed must be 0 or more, got " + speed);
        }
        int read = new ClickStreamDemo(store, out(), clicks, speed).run();
        return read == clicks ? BrookCli.EXIT_OK : BrookCli.EXIT_UNEXPECTED;
    }
}
