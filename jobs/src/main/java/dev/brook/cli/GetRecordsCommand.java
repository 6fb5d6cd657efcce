package dev.brook.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.brook.store.BrookStore;
import dev.brook.store.GetRecordsResult;
import dev.brook.store.Record;
import dev.brook.store.ShardMetadata;
import dev.brook.store.StartingPosition;
import java.io.IOException;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "get-records",
        header = "Reads records of one shard.",
        description = {
            "Reads records of one shard from a position (the shard iterator types of Kinesis),"
                    + " across segments, until LIMIT records or the shard's current end.",
            "Data is base64, as the AWS CLI prints it. ChildShards appears once a closed shard"
                    + " was read to its end. To read on, run again with AFTER_SEQUENCE_NUMBER and"
                    + " the last SequenceNumber printed."
        })
final class GetRecordsCommand extends BrookCommand {
    static final int MAX_LIMIT = 10_000;

    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Option(names = "--shard-id", required = true, paramLabel = "SHARD_ID")
    String shardId;

    @Option(
            names = "--shard-iterator-type",
            required = true,
            paramLabel = "TYPE",
            description =
                    "TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER or"
                            + " AT_TIMESTAMP.")
    StartingPosition.Type type;

    @Option(
            names = "--starting-sequence-number",
            paramLabel = "SEQUENCE_NUMBER",
            description = "With AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER.")
    String sequenceNumber;

    @Option(
            names = "--timestamp",
            paramLabel = "TIME",
            description =
                    "With AT_TIMESTAMP: epoch seconds (decimals allowed) or ISO-8601 (UTC unless"
                            + " an offset is given).")
    String timestamp;

    @Option(
            names = "--limit",
            paramLabel = "LIMIT",
            defaultValue = "10000",
            description = "Most records to return, 1 to 10000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected int run(BrookStore store) throws IOException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw usage("--limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        StartingPosition position = position();
        GetRecordsResult r = store.getRecords(streamName, shardId, position, limit);
        JsonGenerator g = JsonOutput.prettyGenerator(out());
        g.writeStartObject();
        g.writeArrayFieldStart("Records");
        Base64.Encoder b64 = Base64.getEncoder();
        for (Record rec : r.records()) {
            g.writeStartObject();
            g.writeStringField("SequenceNumber", rec.sequenceNumber().toString());
            g.writeFieldName("ApproximateArrivalTimestamp");
            g.writeNumber(JsonOutput.epochSeconds(rec.arrivalMillis()));
            g.writeStringField("Data", b64.encodeToString(rec.data()));
            g.writeStringField("PartitionKey", rec.partitionKey());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("MillisBehindLatest", r.millisBehindLatest());
        if (r.shardEnded()) {
            g.writeArrayFieldStart("ChildShards");
            for (ShardMetadata child : r.childShards()) {
                g.writeStartObject();
                g.writeStringField("ShardId", child.shardId());
                g.writeArrayFieldStart("ParentShards");
                for (String p : child.parentShardIds()) {
                    g.writeString(p);
                }
                g.writeEndArray();
                g.writeFieldName("HashKeyRange");
                g.writeTree(JsonOutput.hashKeyRange(child.hashKeyRange()));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.flush();
        out().println();
        return BrookCli.EXIT_OK;
    }

    private StartingPosition position() {
        boolean bySequence =
                type == StartingPosition.Type.AT_SEQUENCE_NUMBER
                        || type == StartingPosition.Type.AFTER_SEQUENCE_NUMBER;
        if (bySequence && sequenceNumber == null) {
            throw usage("--shard-iterator-type " + type + " needs --starting-sequence-number");
        }
        if (!bySequence && sequenceNumber != null) {
            throw usage(
                    "--starting-sequence-number goes only with AT_SEQUENCE_NUMBER or"
                            + " AFTER_SEQUENCE_NUMBER, not "
                            + type);
        }
        if (type == StartingPosition.Type.AT_TIMESTAMP && timestamp == null) {
            throw usage("--shard-iterator-type AT_TIMESTAMP needs --timestamp");
        }
        if (type != StartingPosition.Type.AT_TIMESTAMP && timestamp != null) {
            throw usage("--timestamp goes only with AT_TIMESTAMP, not " + type);
        }
        switch (type) {
            case TRIM_HORIZON:
                return StartingPosition.trimHorizon();
            case LATEST:
                return StartingPosition.latest();
            case AT_SEQUENCE_NUMBER:
                return StartingPosition.atSequenceNumber(sequenceNumber);
            case AFTER_SEQUENCE_NUMBER:
                return StartingPosition.afterSequenceNumber(sequenceNumber);
            case AT_TIMESTAMP:
                return StartingPosition.atTimestamp(parseTimestamp(timestamp));
            default:
                throw new IllegalStateException("unknown iterator type " + type);
        }
    }

    private long parseTimestamp(String t) {
        try {
            return Timestamps.parseMillis(t);
        } catch (IllegalArgumentException e) {
            throw usage("--timestamp: " + e.getMessage());
        }
    }
}
