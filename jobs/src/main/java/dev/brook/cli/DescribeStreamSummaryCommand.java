package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import dev.brook.store.StreamMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "describe-stream-summary",
        header = "Describes a stream without its shards.",
        description =
                "Describes a stream without its shards: settings, open shard count and the number"
                        + " of registered consumers.")
final class DescribeStreamSummaryCommand extends BrookCommand {
    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Override
    protected int run(BrookStore store) {
        StreamMetadata m = store.metadata(streamName);
        ObjectNode summary = JsonOutput.object();
        JsonOutput.putStreamHeader(summary, m);
        JsonOutput.putStreamSettings(summary, m);
        summary.put("OpenShardCount", m.openShards().size());
        summary.put("ConsumerCount", store.consumers().list(streamName).size());
        ObjectNode result = JsonOutput.object();
        result.set("StreamDescriptionSummary", summary);
        print(result);
        return BrookCli.EXIT_OK;
    }
}
