package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "update-shard-count",
        header = "Re-lays the stream out as N shards of even ranges.",
        description = {
            "Re-lays the stream out as TARGET shards of even hash key ranges (uniform scaling), in"
                    + " one step: every open shard is sealed and the new shards name the old"
                    + " shards whose ranges overlap theirs as parents (possibly more than two).",
            "As Kinesis, TARGET must be between half and double the current open shard count."
        })
final class UpdateShardCountCommand extends BrookCommand {
    enum ScalingType {
        UNIFORM_SCALING
    }

    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Option(
            names = "--target-shard-count",
            required = true,
            paramLabel = "TARGET",
            description = "The number of open shards wanted.")
    int target;

    @Option(
            names = "--scaling-type",
            paramLabel = "TYPE",
            defaultValue = "UNIFORM_SCALING",
            description = "UNIFORM_SCALING, the only type (the default).")
    ScalingType scalingType;

    @Override
    protected int run(BrookStore store) {
        int current = store.metadata(streamName).openShards().size();
        Progress.during(err(), spec.name(), () -> store.updateShardCount(streamName, target));
        ObjectNode result = JsonOutput.object();
        result.put("StreamName", streamName);
        result.put("CurrentShardCount", current);
        result.put("TargetShardCount", target);
        result.put("StreamARN", JsonOutput.streamArn(streamName));
        print(result);
        return BrookCli.EXIT_OK;
    }
}
