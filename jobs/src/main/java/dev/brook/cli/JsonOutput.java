package dev.brook.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.HashKeyRange;
import dev.brook.store.ShardDescription;
import dev.brook.store.ShardMetadata;
import dev.brook.store.StreamMetadata;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** JSON as the AWS CLI prints it, and the shapes shared by several commands. */
final class JsonOutput {
    static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .configure(StreamWriteFeature.AUTO_CLOSE_TARGET, false)
                    .configure(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN, true)
                    .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                    .build();

    /** Like Python's {@code json.dumps(indent=4)}, which the AWS CLI uses. */
    private static final DefaultPrettyPrinter PRETTY =
            new DefaultPrettyPrinter(
                            Separators.createDefaultInstance()
                                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                                    .withObjectEmptySeparator("")
                                    .withArrayEmptySeparator(""))
                    .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("    ", "\n"));

    private JsonOutput() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static void printPretty(PrintWriter out, JsonNode node) {
        try {
            MAPPER.writer(PRETTY).writeValue(out, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }

    /** A generator writing pretty JSON, for output too large to build in memory first. */
    static JsonGenerator prettyGenerator(Writer out) throws IOException {
        JsonGenerator g = MAPPER.createGenerator(out);
        g.setPrettyPrinter(PRETTY.createInstance());
        return g;
    }

    /** A generator writing compact JSON (one JSON document per line). */
    static JsonGenerator compactGenerator(Writer out) throws IOException {
        JsonGenerator g = MAPPER.createGenerator(out);
        g.setRootValueSeparator(null); // the caller ends each document with a newline
        return g;
    }

    /** Epoch seconds with milliseconds as decimals, as the AWS CLI prints timestamps. */
    static BigDecimal epochSeconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }

    static String streamArn(String stream) {
        return "arn:brook:kinesis:local:000000000000:stream/" + stream;
    }

    static String consumerArn(String stream, String consumer, long registeredMillis) {
        return streamArn(stream) + "/consumer/" + consumer + ":" + registeredMillis / 1000;
    }

    /** Whole hours as an integer; a period that is not whole hours as a decimal. */
    static void putRetentionHours(ObjectNode n, StreamMetadata m) {
        long ms = m.retentionMillis();
        long hour = Duration.ofHours(1).toMillis();
        if (ms % hour == 0) {
            n.put("RetentionPeriodHours", ms / hour);
        } else {
            n.put(
                    "RetentionPeriodHours",
                    BigDecimal.valueOf(ms)
                            .divide(BigDecimal.valueOf(hour), 6, java.math.RoundingMode.HALF_UP)
                            .stripTrailingZeros());
        }
    }

    static ObjectNode hashKeyRange(HashKeyRange r) {
        ObjectNode n = object();
        n.put("StartingHashKey", r.start().toString());
        n.put("EndingHashKey", r.end().toString());
        return n;
    }

    /**
     * A shard as describe-stream and list-shards show it. Kinesis shards have at most two parents
     * (ParentShardId, AdjacentParentShardId); Brook's uniform scaling can give a shard more, so
     * then ParentShardIds lists all of them as well.
     */
    static ObjectNode shard(ShardDescription d) {
        ShardMetadata s = d.shard();
        ObjectNode n = object();
        n.put("ShardId", s.shardId());
        List<String> parents = s.parentShardIds();
        if (!parents.isEmpty()) {
            n.put("ParentShardId", parents.get(0));
        }
        if (parents.size() > 1) {
            n.put("AdjacentParentShardId", parents.get(1));
        }
        if (parents.size() > 2) {
            ArrayNode all = n.putArray("ParentShardIds");
            parents.forEach(all::add);
        }
        n.set("HashKeyRange", hashKeyRange(s.hashKeyRange()));
        ObjectNode seq = n.putObject("SequenceNumberRange");
        seq.put("StartingSequenceNumber", d.startingSequenceNumber());
        if (d.endingSequenceNumber() != null) {
            seq.put("EndingSequenceNumber", d.endingSequenceNumber());
        }
        return n;
    }

    /** The fields describe-stream and describe-stream-summary share, in the AWS CLI's order. */
    static void putStreamHeader(ObjectNode n, StreamMetadata m) {
        n.put("StreamName", m.streamName());
        n.put("StreamARN", streamArn(m.streamName()));
        n.put("StreamStatus", "ACTIVE");
        n.putObject("StreamModeDetails").put("StreamMode", "PROVISIONED");
    }

    static void putStreamSettings(ObjectNode n, StreamMetadata m) {
        putRetentionHours(n, m);
        n.put("StreamCreationTimestamp", epochSeconds(m.createdMillis()));
        n.putArray("EnhancedMonitoring").addObject().putArray("ShardLevelMetrics");
        n.put("EncryptionType", "NONE");
        n.put("MaxRecordSizeBytes", m.maxRecordBytes());
    }
}
