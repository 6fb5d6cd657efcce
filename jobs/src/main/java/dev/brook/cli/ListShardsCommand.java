package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import dev.brook.store.ShardDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "list-shards",
        header = "Lists a stream's shards.",
        description = "Lists a stream's shards, open and closed, as describe-stream shows them.")
final class ListShardsCommand extends BrookCommand {
    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Override
    protected int run(BrookStore store) {
        ObjectNode result = JsonOutput.object();
        ArrayNode shards = result.putArray("Shards");
        for (ShardDescription s : store.describeStream(streamName).shards()) {
            shards.add(JsonOutput.shard(s));
        }
        print(result);
        return BrookCli.EXIT_OK;
    }
}
