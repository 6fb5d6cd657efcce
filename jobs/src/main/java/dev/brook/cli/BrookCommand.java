package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** Base of every subcommand: opens the store, runs, prints JSON. */
abstract class BrookCommand extends CliSubcommand implements Callable<Integer> {
    @ParentCommand BrookCli cli;

    @Override
    public final Integer call() throws Exception {
        try (BrookStore store = cli.openStore()) {
            return run(store);
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** Runs the command; returns the exit code. */
    protected abstract int run(BrookStore store) throws Exception;

    /** Prints a result as the AWS CLI does: pretty JSON with 4-space indentation. */
    protected void print(ObjectNode result) {
        JsonOutput.printPretty(out(), result);
    }

    /** A progress line on stderr. */
    protected void progress(String message) {
        err().println(spec.name() + ": " + message);
        err().flush();
    }
}
