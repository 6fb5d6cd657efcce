package dev.brook.firehose.format;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;
import org.xerial.snappy.SnappyHadoopCompatibleOutputStream;

/**
 * Firehose's S3 compression formats (its {@code CompressionFormat}), each with the file extension
 * Firehose appends to object names.
 *
 * <p>{@link #wrap} returns a stream whose {@code close()} finishes the compressed data (trailers,
 * last block) and closes the given stream; callers that must keep the underlying stream open wrap
 * it in a non-closing stream first, as {@link OutputFormats#bytes} does.
 */
public enum Compression {
    UNCOMPRESSED("") {
        @Override
        public OutputStream wrap(OutputStream out) {
            return out;
        }

        @Override
        public InputStream unwrap(InputStream in) {
            return in;
        }
    },
    GZIP(".gz") {
        @Override
        public OutputStream wrap(OutputStream out) throws IOException {
            return new GZIPOutputStream(out, BUFFER_SIZE);
        }

        @Override
        public InputStream unwrap(InputStream in) throws IOException {
            return new GZIPInputStream(in, BUFFER_SIZE);
        }
    },
    /** A ZIP archive holding one entry, {@value #ZIP_ENTRY_NAME}, with the whole file's data. */
    ZIP(".zip") {
        @Override
        public OutputStream wrap(OutputStream out) throws IOException {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(ZIP_ENTRY_NAME));
            return zip;
        }

        @Override
        public InputStream unwrap(InputStream in) throws IOException {
            ZipInputStream zip = new ZipInputStream(in);
            if (zip.getNextEntry() == null) {
                throw new IOException("ZIP archive has no entry");
            }
            return zip;
        }
    },
    /** Snappy's framing format (stream identifier {@code sNaPpY}, CRC-checked chunks). */
    SNAPPY(".snappy") {
        @Override
        public OutputStream wrap(OutputStream out) throws IOException {
            return new SnappyFramedOutputStream(out);
        }

        @Override
        public InputStream unwrap(InputStream in) throws IOException {
            return new SnappyFramedInputStream(in);
        }
    },
    /**
     * Hadoop's Snappy block format ({@code org.apache.hadoop.io.compress.SnappyCodec}): blocks of
     * [uncompressed length][compressed length][snappy data], big-endian lengths.
     */
    HADOOP_SNAPPY(".hsnappy") {
        @Override
        public OutputStream wrap(OutputStream out) {
            return new SnappyHadoopCompatibleOutputStream(out);
        }

        /** Decodes with Hadoop's own codec, so it needs Hadoop on the classpath. */
        @Override
        public InputStream unwrap(InputStream in) throws IOException {
            return HadoopSnappy.decompress(in);
        }
    },
    ZSTD(".zst") {
        @Override
        public OutputStream wrap(OutputStream out) throws IOException {
            return new ZstdOutputStream(out);
        }

        @Override
        public InputStream unwrap(InputStream in) throws IOException {
            return new ZstdInputStream(in);
        }
    };

    /** The name of the single entry in a {@link #ZIP} file. */
    public static final String ZIP_ENTRY_NAME = "data";

    static final int BUFFER_SIZE = 64 * 1024;

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    /** The file extension Firehose appends for this compression, with its dot; "" if none. */
    public String extension() {
        return extension;
    }

    /** A stream that compresses into {@code out}; closing it finishes the data and closes out. */
    public abstract OutputStream wrap(OutputStream out) throws IOException;

    /** A stream that decompresses what {@link #wrap} wrote. */
    public abstract InputStream unwrap(InputStream in) throws IOException;

    /**
     * The compression for a Firehose {@code CompressionFormat} name, case-insensitively ({@code
     * Snappy} is spelled so in Firehose's API).
     */
    public static Compression of(String name) {
        return EnumNames.parse(Compression.class, name, "compression");
    }
}
