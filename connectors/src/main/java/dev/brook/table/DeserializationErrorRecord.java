package dev.brook.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A record the table's format could not decode, described: the reason, the message a failing job
 * gives, and the JSON written to the error stream. The JSON's fields read back with {@code 'format'
 * = 'json'} into {@code stream_name STRING, shard_id STRING, sequence_number STRING, partition_key
 * STRING, arrival_time TIMESTAMP_LTZ(3), error STRING, raw_data BYTES}: the arrival time is in the
 * JSON format's default (SQL) timestamp notation, the raw data in Base64 as the JSON format reads
 * BYTES.
 */
final class DeserializationErrorRecord {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code 2024-05-01 10:15:30.123Z}: flink-json's SQL notation of a TIMESTAMP_LTZ. */
    private static final DateTimeFormatter ARRIVAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final int MAX_REASON_CHARS = 2000;

    private DeserializationErrorRecord() {}

    /** The failure's messages, outermost first, on one line, at most 2000 characters. */
    static String reason(Throwable failure) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            m = m.replaceAll("\\s+", " ").trim();
            if (b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : ": ").append(m);
            }
        }
        return b.length() <= MAX_REASON_CHARS
                ? b.toString()
                : b.substring(0, MAX_REASON_CHARS) + "...";
    }

    /** Where the record is: {@code record <seq> of shard <id> of stream '<s>'}. */
    static String where(String stream, Record record) {
        return "record "
                + record.sequenceNumber()
                + " of shard "
                + record.shardId()
                + " of stream '"
                + stream
                + "'";
    }

    /** The error a job with {@code 'scan.deserialization-errors' = 'fail'} fails with. */
    static IOException failure(
            String table, String stream, String format, Record record, Throwable cause) {
        return new IOException(
                "Table "
                        + table
                        + ": format '"
                        + format
                        + "' could not deserialize "
                        + where(stream, record)
                        + " (partition key '"
                        + record.partitionKey()
                        + "', "
                        + record.dataLength()
                        + " bytes): "
                        + reason(cause)
                        + ". Set '"
                        + BrookConnectorOptions.SCAN_DESERIALIZATION_ERRORS.key()
                        + "' = 'skip' or 'route' to read past such records.",
                cause);
    }

    /**
     * The error stream's record: JSON of at most {@code maxBytes}. When the raw data would make it
     * larger it is left out ({@code raw_data} null) and the error says so.
     */
    static byte[] json(String stream, Record record, String reason, int maxBytes) {
        byte[] raw = record.data();
        byte[] json = json(stream, record, reason, raw);
        if (json.length <= maxBytes) {
            return json;
        }
        return json(
                stream,
                record,
                reason
                        + " (raw data of "
                        + raw.length
                        + " bytes left out: with it this error record would exceed the error"
                        + " stream's limit of "
                        + maxBytes
                        + " bytes)",
                null);
    }

    private static byte[] json(String stream, Record record, String reason, byte[] raw) {
        ObjectNode n = JSON.createObjectNode();
        n.put("stream_name", stream);
        n.put("shard_id", record.shardId());
        n.put("sequence_number", record.sequenceNumber().toString());
        n.put("partition_key", record.partitionKey());
        n.put("arrival_time", ARRIVAL.format(Instant.ofEpochMilli(record.arrivalMillis())));
        n.put("error", reason);
        n.put("raw_data", raw); // Base64, as flink-json reads BYTES; null when left out
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
