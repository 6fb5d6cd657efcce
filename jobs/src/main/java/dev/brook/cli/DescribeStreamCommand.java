package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import dev.brook.store.ShardDescription;
import dev.brook.store.StreamDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "describe-stream",
        header = "Describes a stream and all its shards.",
        description = {
            "Describes a stream and all its shards, open and closed.",
            "A shard made by update-shard-count can have more than two parents: then ParentShardId"
                    + " and AdjacentParentShardId are the first two and ParentShardIds lists all."
        })
final class DescribeStreamCommand extends BrookCommand {
    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Override
    protected int run(BrookStore store) {
        StreamDescription d = store.describeStream(streamName);
        ObjectNode desc = JsonOutput.object();
        JsonOutput.putStreamHeader(desc, d.metadata());
        ArrayNode shards = desc.putArray("Shards");
        for (ShardDescription s : d.shards()) {
            shards.add(JsonOutput.shard(s));
        }
        desc.put("HasMoreShards", false);
        JsonOutput.putStreamSettings(desc, d.metadata());
        ObjectNode result = JsonOutput.object();
        result.set("StreamDescription", desc);
        print(result);
        return BrookCli.EXIT_OK;
    }
}
