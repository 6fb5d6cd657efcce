package dev.brook.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code brook firehose ...}: delivery streams, shaped like {@code aws firehose}. */
@Command(
        name = "firehose",
        header = "Delivery streams: run one as a Flink job, put records into it, describe it.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        description = {
            "A delivery stream is defined in a YAML or JSON file with Firehose's field names"
                    + " (see the README); 'brook firehose describe FILE' shows it validated, with"
                    + " its defaults."
        },
        subcommands = {
            FirehoseRunCommand.class,
            FirehosePutRecordCommand.class,
            FirehosePutRecordBatchCommand.class,
            FirehoseDescribeCommand.class
        })
final class FirehoseCommand implements Callable<Integer> {
    @ParentCommand BrookCli cli;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(),
                "no firehose command given; run 'brook firehose --help' for the list");
    }
}
