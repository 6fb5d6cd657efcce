package dev.brook.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.brook.client.Consumer;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import dev.brook.store.StartingPosition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "tail",
        header = "Follows the whole stream, printing records as they arrive.",
        description = {
            "Follows the whole stream, printing one JSON line per record as records arrive:",
            "  {\"ShardId\": ..., \"SequenceNumber\": ..., \"ApproximateArrivalTimestamp\": ...,"
                    + " \"PartitionKey\": ..., \"Data\": \"text\"}",
            "with \"DataBase64\" instead of \"Data\" when the data is not valid UTF-8. It follows"
                    + " resharding: a child shard is read after its parents, so per-key order"
                    + " holds. Runs until --max-records or --timeout-seconds, or Ctrl-C.",
            "Its output is valid input for put-records."
        })
final class TailCommand extends BrookCommand {
    enum From {
        TRIM_HORIZON,
        LATEST,
        AT_TIMESTAMP
    }

    static final int POLL_RECORDS = 1000;

    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Option(
            names = "--from",
            paramLabel = "POSITION",
            defaultValue = "LATEST",
            description =
                    "Where to start: LATEST (default: only new records), TRIM_HORIZON (the oldest"
                            + " kept) or AT_TIMESTAMP (with --timestamp).")
    From from;

    @Option(
            names = "--timestamp",
            paramLabel = "TIME",
            description = "With --from AT_TIMESTAMP: epoch seconds or ISO-8601.")
    String timestamp;

    @Option(
            names = "--max-records",
            paramLabel = "N",
            description = "Stop after N records (default: no limit).")
    Long maxRecords;

    @Option(
            names = "--timeout-seconds",
            paramLabel = "SECONDS",
            description = "Stop after this many seconds in all (default: no limit).")
    Double timeoutSeconds;

    @Override
    protected int run(BrookStore store) throws IOException {
        if (maxRecords != null && maxRecords < 1) {
            throw usage("--max-records must be at least 1, got " + maxRecords);
        }
        if (timeoutSeconds != null && !(timeoutSeconds >= 0)) {
            throw usage("--timeout-seconds must be 0 or more, got " + timeoutSeconds);
        }
        StartingPosition position = position();
        long deadline =
                timeoutSeconds == null
                        ? Long.MAX_VALUE
                        : System.nanoTime() + (long) (timeoutSeconds * 1e9);
        long limit = maxRecords == null ? Long.MAX_VALUE : maxRecords;
        PrintWriter out = out();
        JsonGenerator g = JsonOutput.compactGenerator(out);
        CharsetDecoder utf8 =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        Base64.Encoder b64 = Base64.getEncoder();
        long printed = 0;
        try (Consumer consumer =
                Consumer.builder(store, streamName).startingPosition(position).build()) {
            while (printed < limit) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Duration wait = Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos()));
                int want = (int) Math.min(POLL_RECORDS, limit - printed);
                List<Record> records = consumer.poll(want, wait);
                for (Record r : records) {
                    g.writeStartObject();
                    g.writeStringField("ShardId", r.shardId());
                    g.writeStringField("SequenceNumber", r.sequenceNumber().toString());
                    g.writeFieldName("ApproximateArrivalTimestamp");
                    g.writeNumber(JsonOutput.epochSeconds(r.arrivalMillis()));
                    g.writeStringField("PartitionKey", r.partitionKey());
                    String text = text(utf8, r.dataBuffer());
                    if (text != null) {
                        g.writeStringField("Data", text);
                    } else {
                        g.writeStringField("DataBase64", b64.encodeToString(r.data()));
                    }
                    g.writeEndObject();
                    g.writeRaw('\n');
                    printed++;
                }
                if (!records.isEmpty()) {
                    g.flush();
                    out.flush();
                    if (out.checkError()) {
                        return BrookCli.EXIT_OK; // stdout was closed, e.g. by '| head'
                    }
                }
            }
        }
        g.flush();
        out.flush();
        return BrookCli.EXIT_OK;
    }

    private StartingPosition position() {
        if (from == From.AT_TIMESTAMP) {
            if (timestamp == null) {
                throw usage("--from AT_TIMESTAMP needs --timestamp");
            }
            try {
                return StartingPosition.atTimestamp(Timestamps.parseMillis(timestamp));
            } catch (IllegalArgumentException e) {
                throw usage("--timestamp: " + e.getMessage());
            }
        }
        if (timestamp != null) {
            throw usage("--timestamp goes only with --from AT_TIMESTAMP");
        }
        return from == From.TRIM_HORIZON
                ? StartingPosition.trimHorizon()
                : StartingPosition.latest();
    }

    /** The data as text if it is valid UTF-8, else null. */
    private static String text(CharsetDecoder utf8, ByteBuffer data) {
        try {
            return utf8.reset().decode(data).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
