package dev.brook.firehose.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DecimalColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DoubleColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ListColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.MapColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.StructColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.TimestampColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.orc.RecordReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rows converted from random JSON records, written through the Parquet and ORC BulkWriter factories
 * to local files, and read back with Parquet's and ORC's own readers.
 */
class ColumnarFormatsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RowType SCHEMA = JsonRowConverterTest.SCHEMA;

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(ParquetCompression.class)
    void parquetReadsBackIntoTheRows(ParquetCompression compression) throws Exception {
        long seed = Seeds.seed();
        List<RowData> rows = randomRows(seed);
        Path file = dir.resolve("part" + ConversionFormat.PARQUET.extension());
        write(OutputFormats.parquet(SCHEMA, compression.name().toLowerCase()), rows, file);

        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
        try (ParquetFileReader footer =
                ParquetFileReader.open(HadoopInputFile.fromPath(path, new Configuration()))) {
            assertThat(footer.getRowGroups().get(0).getColumns().get(0).getCodec().name())
                    .isEqualTo(compression.name());
        }
        assertThat(ParquetRows.read(file, SCHEMA)).as("seed %s", seed).isEqualTo(expected(rows));
    }

    @ParameterizedTest
    @EnumSource(OrcCompression.class)
    void orcReadsBackIntoTheRows(OrcCompression compression) throws Exception {
        long seed = Seeds.seed();
        List<RowData> rows = randomRows(seed);
        Path file = dir.resolve("part" + ConversionFormat.ORC.extension());
        write(OutputFormats.orc(SCHEMA, compression.name().toLowerCase()), rows, file);

        List<List<Object>> read = new ArrayList<>();
        try (Reader reader =
                OrcFile.createReader(
                        new org.apache.hadoop.fs.Path(file.toUri()),
                        OrcFile.readerOptions(new Configuration()))) {
            assertThat(reader.getCompressionKind().name()).isEqualTo(compression.name());
            VectorizedRowBatch batch = reader.getSchema().createRowBatch();
            try (RecordReader records = reader.rows()) {
                while (records.nextBatch(batch)) {
                    for (int r = 0; r < batch.size; r++) {
                        List<Object> row = new ArrayList<>();
                        for (int c = 0; c < SCHEMA.getFieldCount(); c++) {
                            row.add(orcValue(batch.cols[c], r, SCHEMA.getTypeAt(c)));
                        }
                        read.add(row);
                    }
                }
            }
        }
        assertThat(read).as("seed %s", seed).isEqualTo(expected(rows));
    }

    @Test
    void compressionNamesAreFirehoses() {
        assertThatThrownBy(() -> OutputFormats.parquet(SCHEMA, "ZLIB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown Parquet compression 'ZLIB'")
                .hasMessageContaining("SNAPPY, GZIP, UNCOMPRESSED");
        assertThatThrownBy(() -> OutputFormats.orc(SCHEMA, "GZIP"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown ORC compression 'GZIP'")
                .hasMessageContaining("SNAPPY, ZLIB, NONE");
    }

    @Test
    void conversionNeedsUncompressedS3Compression() {
        OutputFormats.validateCompressionForConversion(
                ConversionFormat.PARQUET, Compression.UNCOMPRESSED);
        assertThatThrownBy(
                        () ->
                                OutputFormats.validateCompressionForConversion(
                                        ConversionFormat.ORC, Compression.GZIP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Compression must be UNCOMPRESSED when record format conversion to ORC is"
                                + " enabled (got GZIP); set the ORC compression instead (SNAPPY,"
                                + " ZLIB or NONE)");
    }

    private static List<RowData> randomRows(long seed) throws Exception {
        Random rnd = new Random(seed);
        JsonRowConverter converter =
                new JsonRowConverter(
                        SCHEMA, new OpenXJsonOptions(true, Map.of("mapped", "timestamp"), false));
        List<RowData> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(
                    converter.convert(
                            MAPPER.writeValueAsBytes(
                                    new RandomRecord(SCHEMA, rnd, true, false).json)));
        }
        return rows;
    }

    private static List<List<Object>> expected(List<RowData> rows) {
        List<List<Object>> expected = new ArrayList<>();
        for (RowData row : rows) {
            expected.add(JavaValues.row(row, SCHEMA));
        }
        return expected;
    }

    private static void write(BulkWriter.Factory<RowData> factory, List<RowData> rows, Path file)
            throws Exception {
        BulkWriter.Factory<RowData> shipped =
                InstantiationUtil.clone(factory, ColumnarFormatsTest.class.getClassLoader());
        try (FSDataOutputStream out =
                FileSystem.getLocalFileSystem()
                        .create(
                                new org.apache.flink.core.fs.Path(file.toUri()),
                                FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<RowData> writer = shipped.create(out);
            for (RowData row : rows) {
                writer.addElement(row);
            }
            writer.flush();
            writer.finish();
        }
    }

    // ---- ORC's column vectors to JavaValues ----

    private static Object orcValue(ColumnVector vector, int r, LogicalType type)
            throws IOException {
        int row = vector.isRepeating ? 0 : r;
        if (!vector.noNulls && vector.isNull[row]) {
            return null;
        }
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                {
                    BytesColumnVector v = (BytesColumnVector) vector;
                    return new String(
                            v.vector[row], v.start[row], v.length[row], StandardCharsets.UTF_8);
                }
            case BINARY:
            case VARBINARY:
                {
                    BytesColumnVector v = (BytesColumnVector) vector;
                    byte[] bytes = new byte[v.length[row]];
                    System.arraycopy(v.vector[row], v.start[row], bytes, 0, bytes.length);
                    return HexFormat.of().formatHex(bytes);
                }
            case BOOLEAN:
                return ((LongColumnVector) vector).vector[row] != 0;
            case TINYINT:
                return (byte) ((LongColumnVector) vector).vector[row];
            case SMALLINT:
                return (short) ((LongColumnVector) vector).vector[row];
            case INTEGER:
                return (int) ((LongColumnVector) vector).vector[row];
            case BIGINT:
                return ((LongColumnVector) vector).vector[row];
            case DATE:
                return LocalDate.ofEpochDay(((LongColumnVector) vector).vector[row]);
            case FLOAT:
                return (float) ((DoubleColumnVector) vector).vector[row];
            case DOUBLE:
                return ((DoubleColumnVector) vector).vector[row];
            case DECIMAL:
                return ((DecimalColumnVector) vector)
                        .vector[row]
                        .getHiveDecimal()
                        .bigDecimalValue()
                        .setScale(((DecimalType) type).getScale());
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return ((TimestampColumnVector) vector).asScratchTimestamp(row).toLocalDateTime();
            case ARRAY:
                {
                    ListColumnVector v = (ListColumnVector) vector;
                    List<Object> values = new ArrayList<>();
                    for (long j = 0; j < v.lengths[row]; j++) {
                        values.add(
                                orcValue(
                                        v.child,
                                        (int) (v.offsets[row] + j),
                                        ((ArrayType) type).getElementType()));
                    }
                    return values;
                }
            case MAP:
                {
                    MapColumnVector v = (MapColumnVector) vector;
                    MapType mapType = (MapType) type;
                    Map<Object, Object> values = new HashMap<>();
                    for (long j = 0; j < v.lengths[row]; j++) {
                        int at = (int) (v.offsets[row] + j);
                        values.put(
                                orcValue(v.keys, at, mapType.getKeyType()),
                                orcValue(v.values, at, mapType.getValueType()));
                    }
                    return values;
                }
            case ROW:
                {
                    StructColumnVector v = (StructColumnVector) vector;
                    RowType rowType = (RowType) type;
                    List<Object> values = new ArrayList<>();
                    for (int c = 0; c < rowType.getFieldCount(); c++) {
                        values.add(orcValue(v.fields[c], row, rowType.getTypeAt(c)));
                    }
                    return values;
                }
            default:
                throw new AssertionError(type);
        }
    }
}
