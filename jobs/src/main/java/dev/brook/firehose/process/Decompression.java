package dev.brook.firehose.process;

import dev.brook.firehose.FirehoseRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Firehose's {@code Decompression} processor ({@code CompressionFormat GZIP}), as used for
 * CloudWatch Logs subscription records: replaces each record's data by its decompressed form.
 * Concatenated gzip members are decompressed one after another; data that is not gzip fails.
 */
final class Decompression implements RecordProcessor {

    static final String TYPE = "Decompression";
    static final String COMPRESSION_FORMAT = "CompressionFormat";
    static final String ERROR_CODE = "Decompression.Failed";

    private transient byte[] output;

    static Decompression create(ProcessorParameters parameters) {
        parameters.oneOf(COMPRESSION_FORMAT, "GZIP", List.of("GZIP"));
        return new Decompression();
    }

    @Override
    public void open() {
        output = new byte[64 * 1024];
    }

    @Override
    public void process(List<FirehoseRecord> batch, ProcessorOutput out) {
        for (FirehoseRecord record : batch) {
            byte[] decompressed;
            try {
                decompressed = gunzip(record.getData());
            } catch (IOException e) {
                out.fail(
                        Failures.processingFailed(
                                record,
                                ERROR_CODE,
                                "Decompression GZIP: the record is not valid gzip data ("
                                        + e.getMessage()
                                        + ")"));
                continue;
            }
            out.emit(record.withData(decompressed));
        }
    }

    private byte[] gunzip(byte[] data) throws IOException {
        int length = 0;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 8192)) {
            int read;
            while ((read = in.read(output, length, output.length - length)) >= 0) {
                length += read;
                if (length == output.length) {
                    output = Arrays.copyOf(output, output.length * 2);
                }
            }
        }
        return Arrays.copyOf(output, length);
    }
}
