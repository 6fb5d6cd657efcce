package dev.brook.cli;

import dev.brook.store.BrookStore;
import dev.brook.store.StreamSettings;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "create-stream",
        header = "Creates a stream.",
        description = {
            "Creates a stream with SHARDS shards splitting the hash key range evenly, as Kinesis"
                    + " does. Prints nothing on success, like the AWS CLI."
        })
final class CreateStreamCommand extends BrookCommand {
    @Option(
            names = "--stream-name",
            required = true,
            paramLabel = "NAME",
            description = "1 to 128 letters, digits, '_', '.' or '-'.")
    String streamName;

    @Option(
            names = "--shard-count",
            required = true,
            paramLabel = "SHARDS",
            description = "Number of shards, 1 to 10000.")
    int shardCount;

    @Option(
            names = "--retention-period-hours",
            paramLabel = "HOURS",
            description =
                    "How long records are kept (default 24). Kinesis allows 24 to 8760; Brook"
                            + " takes any positive number.")
    Integer retentionHours;

    @Option(
            names = "--max-record-size-bytes",
            paramLabel = "BYTES",
            description =
                    "Largest record data the stream accepts (default 1048576 = 1 MiB, at most 10 MiB).")
    Integer maxRecordBytes;

    @Override
    protected int run(BrookStore store) {
        StreamSettings settings = StreamSettings.defaults(store.config());
        if (retentionHours != null) {
            if (retentionHours < 1) {
                throw usage("--retention-period-hours must be at least 1, got " + retentionHours);
            }
            settings = settings.withRetention(Duration.ofHours(retentionHours));
        }
        if (maxRecordBytes != null) {
            settings = settings.withMaxRecordBytes(maxRecordBytes);
        }
        store.createStream(streamName, shardCount, settings);
        return BrookCli.EXIT_OK;
    }
}
