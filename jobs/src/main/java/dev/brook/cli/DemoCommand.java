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
                    + " per-shard counts."
        })
final class DemoCommand extends BrookCommand {
    @Option(
            names = "--clicks",
            defaultValue = "5000",
            paramLabel = "N",
            description = "How many click events to produce (default: ${DEFAULT-VALUE}).")
    int clicks;

    @Override
    protected int run(BrookStore store) throws Exception {
        if (clicks < 2) {
            throw usage("--clicks must be at least 2, got " + clicks);
        }
        int read = new ClickStreamDemo(store, out(), clicks).run();
        return read == clicks ? BrookCli.EXIT_OK : BrookCli.EXIT_UNEXPECTED;
    }
}
