package dev.brook.cli;

import dev.brook.store.BrookStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "merge-shards",
        header = "Merges two adjacent shards.",
        description = {
            "Merges two open shards whose hash key ranges touch into one child. Both parents are"
                    + " sealed; readers finish them before the child.",
            "Prints nothing on success, like the AWS CLI; see the child with list-shards."
        })
final class MergeShardsCommand extends BrookCommand {
    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Option(
            names = "--shard-to-merge",
            required = true,
            paramLabel = "SHARD_ID",
            description = "Becomes the child's ParentShardId.")
    String shardId;

    @Option(
            names = "--adjacent-shard-to-merge",
            required = true,
            paramLabel = "SHARD_ID",
            description = "Becomes the child's AdjacentParentShardId.")
    String adjacentShardId;

    @Override
    protected int run(BrookStore store) {
        store.mergeShards(streamName, shardId, adjacentShardId);
        return BrookCli.EXIT_OK;
    }
}
