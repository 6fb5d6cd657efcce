package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.BrookStore;
import dev.brook.store.RetentionEnforcer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "enforce-retention",
        header = "Deletes expired data now (Brook extra).",
        description = {
            "Brook extra: deletes the stream's segments that have expired, oldest first, now."
                    + " A segment goes when its newest record is older than the retention period,"
                    + " unless a registered consumer has not checkpointed past it (up to the"
                    + " consumers' hard maximum age). Flink sinks also do this at checkpoints.",
            "Segments published less than a minute ago are never deleted. Shards that another"
                    + " process is maintaining right now are skipped (ShardsSkippedLocked)."
        })
final class EnforceRetentionCommand extends BrookCommand {
    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Override
    protected int run(BrookStore store) {
        RetentionEnforcer.Report r =
                Progress.during(err(), spec.name(), () -> store.enforceRetention(streamName));
        ObjectNode result = JsonOutput.object();
        result.put("StreamName", streamName);
        result.put("SegmentsDeleted", r.segmentsDeleted());
        result.put("RecordsDeleted", r.recordsDeleted());
        result.put("ShardsSkippedLocked", r.shardsSkippedLocked());
        print(result);
        return BrookCli.EXIT_OK;
    }
}
