package dev.brook.cli;

import dev.brook.store.BrookStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "split-shard",
        header = "Splits a shard in two.",
        description = {
            "Splits an open shard in two at a hash key: the first child gets the keys below it,"
                    + " the second the rest. The parent is sealed (it takes no more writes) and"
                    + " readers finish it before its children.",
            "Prints nothing on success, like the AWS CLI; see the children with list-shards."
        })
final class SplitShardCommand extends BrookCommand {
    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Option(names = "--shard-to-split", required = true, paramLabel = "SHARD_ID")
    String shardId;

    @Option(
            names = "--new-starting-hash-key",
            required = true,
            paramLabel = "HASH_KEY",
            description =
                    "Decimal hash key where the second child starts; inside the shard's range,"
                            + " above its starting hash key.")
    String newStartingHashKey;

    @Override
    protected int run(BrookStore store) {
        store.splitShard(streamName, shardId, newStartingHashKey);
        return BrookCli.EXIT_OK;
    }
}
