package dev.brook.firehose.format;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Writes record bytes as they are (processors have already added delimiters) into one compressed
 * stream per part file. Records go through a buffer before the compressor, so small records do not
 * cost a compressor call each, and the compressed output through another before Flink's stream.
 */
final class CompressedBytesWriter implements BulkWriter<byte[]> {

    private final OutputStream out;

    CompressedBytesWriter(FSDataOutputStream target, Compression compression) throws IOException {
        OutputStream sink = new NonClosingOutputStream(target);
        if (compression == Compression.UNCOMPRESSED) {
            this.out = new BufferedOutputStream(sink, Compression.BUFFER_SIZE);
        } else {
            OutputStream compressed =
                    compression.wrap(new BufferedOutputStream(sink, Compression.BUFFER_SIZE));
            this.out = new BufferedOutputStream(compressed, Compression.BUFFER_SIZE);
        }
    }

    @Override
    public void addElement(byte[] element) throws IOException {
        out.write(element);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Ends the compressed stream (trailer, last block); the part file itself stays Flink's. */
    @Override
    public void finish() throws IOException {
        out.close();
    }

    /** Factory for {@link OutputFormats#bytes}. */
    static final class Factory implements BulkWriter.Factory<byte[]> {
        private static final long serialVersionUID = 1L;

        private final Compression compression;

        Factory(Compression compression) {
            this.compression = compression;
        }

        @Override
        public BulkWriter<byte[]> create(FSDataOutputStream out) throws IOException {
            return new CompressedBytesWriter(out, compression);
        }
    }

    /** Lets the compressor's close() end the compressed data without closing Flink's stream. */
    private static final class NonClosingOutputStream extends FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
