package dev.brook.firehose.job;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * A failed record as Firehose writes it under the error output prefix: one JSON object per line
 * with {@code attemptsMade}, {@code arrivalTimestamp}, {@code errorCode}, {@code errorMessage},
 * {@code attemptEndingTimestamp}, {@code rawData} (base64), plus Brook's {@code recordId} and
 * {@code errorOutputType}.
 */
final class ErrorRecordFormatter {
    private static final JsonFactory JSON = new JsonFactory();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

    byte[] format(FailedRecord failed, long attemptEndingMillis) {
        buffer.reset();
        FirehoseRecord r = failed.getRecord();
        try (JsonGenerator g = JSON.createGenerator(buffer, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("attemptsMade", failed.getAttemptsMade());
            g.writeNumberField("arrivalTimestamp", r.getArrivalTimeMillis());
            g.writeStringField("errorCode", failed.getErrorCode());
            g.writeStringField("errorMessage", failed.getErrorMessage());
            g.writeNumberField("attemptEndingTimestamp", attemptEndingMillis);
            g.writeStringField("rawData", Base64.getEncoder().encodeToString(r.getData()));
            g.writeStringField("recordId", r.getRecordId());
            g.writeStringField("errorOutputType", failed.getType().prefixValue());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.write('\n');
        return buffer.toByteArray();
    }
}
