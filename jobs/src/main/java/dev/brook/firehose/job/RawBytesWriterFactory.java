package dev.brook.firehose.job;

import java.io.IOException;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/** PLACEHOLDER until OutputFormats.bytes lands: raw bytes, uncompressed. */
final class RawBytesWriterFactory implements BulkWriter.Factory<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public BulkWriter<byte[]> create(FSDataOutputStream out) {
        return new BulkWriter<>() {
            @Override
            public void addElement(byte[] element) throws IOException {
                out.write(element);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void finish() throws IOException {
                out.flush();
            }
        };
    }
}
