package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import dev.brook.store.Compactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "compact",
        header = "Merges small segment files now (Brook extra).",
        description = {
            "Brook extra: merges runs of small segments of each shard into bigger ones, so a"
                    + " shard's file count stays bounded. Readers never miss or repeat a record"
                    + " while it runs.",
            "Only shards with more than 32 segments are compacted; a shard's newest segment and"
                    + " segments younger than a minute are left alone. Local filesystems only"
                    + " (elsewhere it does nothing)."
        })
final class CompactCommand extends BrookCommand {
    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Override
    protected int run(BrookStore store) {
        Compactor.Report r = Progress.during(err(), spec.name(), () -> store.compact(streamName));
        ObjectNode result = JsonOutput.object();
        result.put("StreamName", streamName);
        result.put("SegmentsMerged", r.segmentsMerged());
        result.put("SegmentsWritten", r.segmentsWritten());
        print(result);
        return BrookCli.EXIT_OK;
    }
}
