package dev.brook.firehose.process;

import dev.brook.firehose.FirehoseRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Firehose's {@code AppendDelimiterToRecord} processor: appends {@code Delimiter} (default a
 * newline) to every record, so that records delivered into one object can be told apart. Unlike the
 * de-aggregation delimiter, Firehose takes this one as it is, not base64-encoded; it is written as
 * UTF-8.
 */
final class AppendDelimiterToRecord implements RecordProcessor {

    static final String TYPE = "AppendDelimiterToRecord";
    static final String DELIMITER = "Delimiter";

    private final byte[] delimiter;

    private AppendDelimiterToRecord(byte[] delimiter) {
        this.delimiter = delimiter;
    }

    static AppendDelimiterToRecord create(ProcessorParameters parameters) {
        return new AppendDelimiterToRecord(
                parameters.optional(DELIMITER, "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void process(List<FirehoseRecord> batch, ProcessorOutput out) {
        for (FirehoseRecord record : batch) {
            byte[] data = record.getData();
            byte[] delimited = new byte[data.length + delimiter.length];
            System.arraycopy(data, 0, delimited, 0, data.length);
            System.arraycopy(delimiter, 0, delimited, data.length, delimiter.length);
            out.emit(record.withData(delimited));
        }
    }
}
