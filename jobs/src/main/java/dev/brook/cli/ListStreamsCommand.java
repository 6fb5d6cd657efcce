package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import picocli.CommandLine.Command;

@Command(
        name = "list-streams",
        header = "Lists the streams.",
        description = "Lists the streams under the root, sorted by name.")
final class ListStreamsCommand extends BrookCommand {
    @Override
    protected int run(BrookStore store) {
        ObjectNode result = JsonOutput.object();
        ArrayNode names = result.putArray("StreamNames");
        store.listStreams().forEach(names::add);
        result.put("HasMoreStreams", false);
        print(result);
        return BrookCli.EXIT_OK;
    }
}
