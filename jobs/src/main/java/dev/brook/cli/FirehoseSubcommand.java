package dev.brook.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Base of the {@code brook firehose} subcommands. */
@Command(
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n")
abstract class FirehoseSubcommand {
    @ParentCommand FirehoseCommand firehose;

    @Spec CommandSpec spec;

    BrookCli cli() {
        return firehose.cli;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    void progress(String message) {
        err().println("firehose " + spec.name() + ": " + message);
        err().flush();
    }
}
