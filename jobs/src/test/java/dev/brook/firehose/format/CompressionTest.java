package dev.brook.firehose.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.util.InstantiationUtil;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.SnappyCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xerial.snappy.SnappyFramedInputStream;

class CompressionTest {

    @TempDir Path dir;

    @Test
    void extensionsAreFirehoses() {
        assertThat(Compression.UNCOMPRESSED.extension()).isEmpty();
        assertThat(Compression.GZIP.extension()).isEqualTo(".gz");
        assertThat(Compression.ZIP.extension()).isEqualTo(".zip");
        assertThat(Compression.SNAPPY.extension()).isEqualTo(".snappy");
        assertThat(Compression.HADOOP_SNAPPY.extension()).isEqualTo(".hsnappy");
        assertThat(Compression.ZSTD.extension()).isEqualTo(".zst");
        assertThat(OutputFormats.extension(Compression.GZIP)).isEqualTo(".gz");
        assertThat(OutputFormats.extension(ConversionFormat.PARQUET)).isEqualTo(".parquet");
        assertThat(OutputFormats.extension(ConversionFormat.ORC)).isEqualTo(".orc");
    }

    @Test
    void namesParseAsFirehoseSpellsThem() {
        assertThat(Compression.of("Snappy")).isEqualTo(Compression.SNAPPY);
        assertThat(Compression.of("HADOOP_SNAPPY")).isEqualTo(Compression.HADOOP_SNAPPY);
        assertThat(Compression.of("gzip")).isEqualTo(Compression.GZIP);
        assertThatThrownBy(() -> Compression.of("LZ4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'LZ4'")
                .hasMessageContaining("UNCOMPRESSED, GZIP, ZIP, SNAPPY, HADOOP_SNAPPY, ZSTD");
    }

    /**
     * Many records of random sizes (some larger than the writer's buffers) into two part files,
     * each read back whole by the format's standard reader.
     */
    @ParameterizedTest
    @EnumSource(Compression.class)
    void bulkWriterRoundTripsThroughTheStandardReader(Compression compression) throws Exception {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        // The factory travels to the task managers inside the sink.
        BulkWriter.Factory<byte[]> factory =
                InstantiationUtil.clone(
                        OutputFormats.bytes(compression), getClass().getClassLoader());
        for (int part = 0; part < 2; part++) {
            List<byte[]> records = randomRecords(rnd);
            Path file = dir.resolve("part-" + part + compression.extension());
            ClosingWatch target = new ClosingWatch(file);
            BulkWriter<byte[]> writer = factory.create(target);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = 0; i < records.size(); i++) {
                writer.addElement(records.get(i));
                expected.write(records.get(i));
                if (i == records.size() / 2) {
                    writer.flush();
                }
            }
            writer.finish();
            assertThat(target.closed).as("finish() must leave Flink's stream open").isFalse();
            target.close();

            try (InputStream in = standardReader(compression, file)) {
                assertThat(in.readAllBytes())
                        .as("seed %s, %s, part %s", seed, compression, part)
                        .isEqualTo(expected.toByteArray());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void unwrapReadsWhatWrapWrote(Compression compression) throws IOException {
        byte[] data = "{\"a\":1}\n{\"a\":2}\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = compression.wrap(bytes)) {
            out.write(data);
        }
        try (InputStream in =
                compression.unwrap(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void emptyFileIsAValidEmptyStream(Compression compression) throws Exception {
        Path file = dir.resolve("empty" + compression.extension());
        ClosingWatch target = new ClosingWatch(file);
        BulkWriter<byte[]> writer = OutputFormats.bytes(compression).create(target);
        writer.finish();
        target.close();
        try (InputStream in = standardReader(compression, file)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void zipHoldsExactlyOneEntry() throws Exception {
        Path file = dir.resolve("one.zip");
        ClosingWatch target = new ClosingWatch(file);
        BulkWriter<byte[]> writer = OutputFormats.bytes(Compression.ZIP).create(target);
        writer.addElement("x\n".getBytes(StandardCharsets.UTF_8));
        writer.finish();
        target.close();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry entry = zip.getNextEntry();
            assertThat(entry.getName()).isEqualTo(Compression.ZIP_ENTRY_NAME);
            assertThat(zip.readAllBytes()).isEqualTo("x\n".getBytes(StandardCharsets.UTF_8));
            assertThat(zip.getNextEntry()).isNull();
        }
    }

    private static List<byte[]> randomRecords(Random rnd) {
        int count = 200 + rnd.nextInt(800);
        List<byte[]> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Mostly small JSON-like lines, now and then one larger than the 64 KiB buffers.
            int size = rnd.nextInt(20) == 0 ? 70_000 + rnd.nextInt(60_000) : 1 + rnd.nextInt(300);
            byte[] record = new byte[size];
            if (rnd.nextBoolean()) {
                rnd.nextBytes(record); // incompressible
            } else {
                for (int j = 0; j < size; j++) {
                    record[j] = (byte) ('a' + rnd.nextInt(4));
                }
            }
            record[size - 1] = '\n';
            records.add(record);
        }
        return records;
    }

    /** Each format's reader from its own library, not our {@link Compression#unwrap}. */
    private static InputStream standardReader(Compression compression, Path file)
            throws IOException {
        InputStream in = Files.newInputStream(file);
        switch (compression) {
            case UNCOMPRESSED:
                return in;
            case GZIP:
                return new GZIPInputStream(in);
            case ZIP:
                ZipInputStream zip = new ZipInputStream(in);
                assertThat(zip.getNextEntry()).isNotNull();
                return zip;
            case SNAPPY:
                return new SnappyFramedInputStream(in);
            case HADOOP_SNAPPY:
                SnappyCodec codec = new SnappyCodec();
                codec.setConf(new Configuration(false));
                return codec.createInputStream(in);
            case ZSTD:
                return new ZstdInputStream(in);
            default:
                throw new AssertionError(compression);
        }
    }

    /** A real local file stream that remembers whether the writer closed it. */
    private static final class ClosingWatch extends FSDataOutputStream {
        private final FSDataOutputStream file;
        boolean closed;

        ClosingWatch(Path path) throws IOException {
            this.file =
                    FileSystem.getLocalFileSystem()
                            .create(
                                    new org.apache.flink.core.fs.Path(path.toUri()),
                                    FileSystem.WriteMode.NO_OVERWRITE);
        }

        @Override
        public long getPos() throws IOException {
            return file.getPos();
        }

        @Override
        public void write(int b) throws IOException {
            file.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            file.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            file.flush();
        }

        @Override
        public void sync() throws IOException {
            file.sync();
        }

        @Override
        public void close() throws IOException {
            closed = true;
            file.close();
        }
    }
}
