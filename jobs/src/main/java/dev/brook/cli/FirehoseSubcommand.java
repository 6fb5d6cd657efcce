package dev.brook.cli;

import picocli.CommandLine.ParentCommand;

/** Base of the {@code brook firehose} subcommands. */
abstract class FirehoseSubcommand extends CliSubcommand {
    @ParentCommand FirehoseCommand firehose;

    BrookCli cli() {
        return firehose.cli;
    }

    void progress(String message) {
        err().println("firehose " + spec.name() + ": " + message);
        err().flush();
    }
}
