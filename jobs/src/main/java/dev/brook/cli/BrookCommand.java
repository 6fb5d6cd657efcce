package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Base of every subcommand: opens the store, runs, prints JSON. */
@Command(
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n")
abstract class BrookCommand implements Callable<Integer> {
    @ParentCommand BrookCli cli;

    @Spec CommandSpec spec;

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

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints a result as the AWS CLI does: pretty JSON with 4-space indentation. */
    protected void print(ObjectNode result) {
        JsonOutput.printPretty(out(), result);
    }

    /** A mistake on the command line: one line on stderr, exit code 252. */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A progress line on stderr. */
    protected void progress(String message) {
        err().println(spec.name() + ": " + message);
        err().flush();
    }
}
