package dev.brook.cli;

import dev.brook.client.Consumer;
import dev.brook.sql.schema.InferredSchema;
import dev.brook.sql.schema.SchemaInference;
import dev.brook.sql.schema.SchemaInference.RecordFormat;
import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import dev.brook.store.StartingPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "discover-schema",
        header = "Samples a stream's records and prints a CREATE TABLE statement for them.",
        description = {
            "Reads up to --limit records of the stream (following resharding), detects whether"
                    + " they are JSON objects or CSV lines (--format forces one), infers a Flink SQL"
                    + " type per field, widened across all sampled records, and prints a CREATE"
                    + " TABLE statement for the 'brook' connector on stdout, with a watermark on"
                    + " the best time column (a timestamp named like event_time or ts; else the"
                    + " record's arrival time).",
            "Paste it into a script for 'brook sql', or run 'brook discover-schema ... >"
                    + " table.sql'. What was sampled is reported on stderr."
        })
final class DiscoverSchemaCommand extends BrookCommand {
    enum Position {
        TRIM_HORIZON,
        LATEST,
        AT_TIMESTAMP
    }

    static final int MAX_LIMIT = 10_000;

    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Option(
            names = "--limit",
            defaultValue = "100",
            paramLabel = "N",
            description = "Most records to sample, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--shard-iterator-type",
            defaultValue = "TRIM_HORIZON",
            paramLabel = "TYPE",
            description =
                    "Where sampling starts: TRIM_HORIZON (default: the oldest kept), LATEST (only"
                            + " records put from now on, waiting up to --timeout-seconds) or"
                            + " AT_TIMESTAMP (with --timestamp).")
    Position position;

    @Option(
            names = "--timestamp",
            paramLabel = "TIME",
            description = "With AT_TIMESTAMP: epoch seconds or ISO-8601.")
    String timestamp;

    @Option(
            names = "--timeout-seconds",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description = "With LATEST: how long to wait for records (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "json or csv (default: detected: json when every record is an object).")
    String format;

    @Option(
            names = "--table-name",
            paramLabel = "NAME",
            description = "The table's name in the statement (default: the stream's name).")
    String tableName;

    @Override
    protected int run(BrookStore store) throws Exception {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw usage("--limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        if (!(timeoutSeconds >= 0)) {
            throw usage("--timeout-seconds must be 0 or more, got " + timeoutSeconds);
        }
        RecordFormat forced = null;
        if (format != null) {
            try {
                forced = RecordFormat.of(format);
            } catch (IllegalArgumentException e) {
                throw usage("--format: " + e.getMessage());
            }
        }
        StartingPosition start = startingPosition();
        store.metadata(streamName); // an unknown stream fails here, with the store's error

        List<byte[]> sample = sample(store, start);
        if (sample.isEmpty()) {
            throw new BrookException(
                    "UnableToDetectSchemaException",
                    "no records to sample in stream "
                            + streamName
                            + " from "
                            + position
                            + (position == Position.LATEST
                                    ? " within " + timeoutSeconds + " s"
                                    : "")
                            + "; put some first");
        }
        RecordFormat f = forced != null ? forced : SchemaInference.detect(sample);
        InferredSchema schema;
        try {
            schema = SchemaInference.infer(sample, f);
        } catch (IllegalArgumentException e) {
            throw new BrookException("UnableToDetectSchemaException", e.getMessage());
        }
        progress(
                "sampled "
                        + sample.size()
                        + " record(s) of "
                        + streamName
                        + " as "
                        + f.flinkName()
                        + "; "
                        + schema.fields().size()
                        + " field(s); watermark on "
                        + schema.timeColumn());
        out().println(
                        schema.createTable(
                                        tableName != null ? tableName : streamName,
                                        store.root().toString(),
                                        streamName)
                                + ";");
        return BrookCli.EXIT_OK;
    }

    private List<byte[]> sample(BrookStore store, StartingPosition start) {
        List<byte[]> sample = new ArrayList<>();
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        try (Consumer consumer =
                Consumer.builder(store, streamName)
                        .startingPosition(start)
                        .shardDiscoveryInterval(Duration.ZERO)
                        .build()) {
            while (sample.size() < limit) {
                List<Record> got = consumer.poll(limit - sample.size(), Duration.ofMillis(200));
                for (Record r : got) {
                    sample.add(r.data());
                }
                // What is already in the stream is read once nothing more comes; LATEST waits
                // for new records until the timeout.
                boolean waiting = position == Position.LATEST && System.nanoTime() < deadline;
                if (got.isEmpty() && !waiting) {
                    break;
                }
            }
        }
        return sample;
    }

    private StartingPosition startingPosition() {
        if (position == Position.AT_TIMESTAMP) {
            if (timestamp == null) {
                throw usage("--shard-iterator-type AT_TIMESTAMP needs --timestamp");
            }
            try {
                return StartingPosition.atTimestamp(Timestamps.parseMillis(timestamp));
            } catch (IllegalArgumentException e) {
                throw usage("--timestamp: " + e.getMessage());
            }
        }
        if (timestamp != null) {
            throw usage("--timestamp goes only with --shard-iterator-type AT_TIMESTAMP");
        }
        return position == Position.LATEST
                ? StartingPosition.latest()
                : StartingPosition.trimHorizon();
    }
}
