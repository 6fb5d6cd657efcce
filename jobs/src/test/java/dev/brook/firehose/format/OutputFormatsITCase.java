package dev.brook.firehose.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.conf.Configuration;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The factories inside Flink's FileSink on a MiniCluster (serialized to the tasks, Hadoop classes
 * loaded there): JSON records converted and written as Parquet and ORC, raw records as ZSTD; every
 * record comes back from the finished part files.
 */
class OutputFormatsITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void parquetOrcAndCompressedBytesThroughFileSink() throws Exception {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            records.add(
                    MAPPER.writeValueAsBytes(
                            new RandomRecord(JsonRowConverterTest.SCHEMA, rnd, true, false).json));
        }
        JsonRowConverter converter =
                new JsonRowConverter(
                        JsonRowConverterTest.SCHEMA,
                        new OpenXJsonOptions(true, Map.of("mapped", "timestamp"), false));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        var json = env.fromData(records);
        var rows =
                json.map((MapFunction<byte[], RowData>) converter::convert)
                        .returns(InternalTypeInfo.of(JsonRowConverterTest.SCHEMA));
        rows.sinkTo(
                FileSink.forBulkFormat(
                                new org.apache.flink.core.fs.Path(dir.resolve("parquet").toUri()),
                                OutputFormats.parquet(JsonRowConverterTest.SCHEMA, "SNAPPY"))
                        .build());
        rows.sinkTo(
                FileSink.forBulkFormat(
                                new org.apache.flink.core.fs.Path(dir.resolve("orc").toUri()),
                                OutputFormats.orc(JsonRowConverterTest.SCHEMA, "ZLIB"))
                        .build());
        json.map(r -> concat(r, "\n".getBytes(StandardCharsets.UTF_8)))
                .sinkTo(
                        FileSink.forBulkFormat(
                                        new org.apache.flink.core.fs.Path(
                                                dir.resolve("zstd").toUri()),
                                        OutputFormats.bytes(Compression.ZSTD))
                                .build());
        env.execute("format ITCase");

        List<String> expectedLines = new ArrayList<>();
        for (byte[] r : records) {
            expectedLines.add(new String(r, StandardCharsets.UTF_8));
        }
        List<String> lines = new ArrayList<>();
        for (Path file : partFiles(dir.resolve("zstd"))) {
            try (InputStream in = Compression.ZSTD.unwrap(Files.newInputStream(file))) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
            }
        }
        assertThat(lines).as("seed %s", seed).containsExactlyInAnyOrderElementsOf(expectedLines);

        long parquetRows = 0;
        for (Path file : partFiles(dir.resolve("parquet"))) {
            try (ParquetReader<Group> reader =
                    ParquetReader.builder(
                                    new GroupReadSupport(),
                                    new org.apache.hadoop.fs.Path(file.toUri()))
                            .build()) {
                while (reader.read() != null) {
                    parquetRows++;
                }
            }
        }
        assertThat(parquetRows).as("seed %s", seed).isEqualTo(records.size());

        long orcRows = 0;
        for (Path file : partFiles(dir.resolve("orc"))) {
            try (Reader reader =
                    OrcFile.createReader(
                            new org.apache.hadoop.fs.Path(file.toUri()),
                            OrcFile.readerOptions(new Configuration()))) {
                orcRows += reader.getNumberOfRows();
            }
        }
        assertThat(orcRows).as("seed %s", seed).isEqualTo(records.size());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Finished part files (in-progress ones are hidden, starting with a dot). */
    private static List<Path> partFiles(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> parts =
                    files.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .toList();
            assertThat(parts).as("part files under %s", root).isNotEmpty();
            return parts;
        }
    }
}
