package dev.brook.cli;

import dev.brook.store.BrookStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "delete-stream",
        header = "Deletes a stream and all its data.",
        description = "Deletes a stream and all its data. Prints nothing on success.")
final class DeleteStreamCommand extends BrookCommand {
    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Override
    protected int run(BrookStore store) {
        Progress.during(err(), spec.name(), () -> store.deleteStream(streamName));
        return BrookCli.EXIT_OK;
    }
}
