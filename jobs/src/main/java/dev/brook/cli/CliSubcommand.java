package dev.brook.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every {@code brook} command that does the work shares, whatever its parent: the help's
 * layout, stdout and stderr, and usage errors.
 */
@Command(
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n")
abstract class CliSubcommand {
    @Spec CommandSpec spec;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A mistake on the command line: one line on stderr, exit code 252. */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
