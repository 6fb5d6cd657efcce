package dev.brook.firehose.format;

import java.util.Properties;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.orc.OrcSplitReaderUtil;
import org.apache.flink.orc.vector.RowDataVectorizer;
import org.apache.flink.orc.writer.OrcBulkWriterFactory;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.hadoop.conf.Configuration;

/**
 * The {@link BulkWriter.Factory}s a delivery stream's {@code FileSink} writes with: raw record
 * bytes through a stream {@link Compression}, or rows converted to Parquet or ORC (Flink's own
 * formats).
 *
 * <p>Parquet and ORC need Hadoop classes at runtime (provided: a cluster's HADOOP_CLASSPATH, or
 * bin/brook's classpath).
 */
public final class OutputFormats {

    private OutputFormats() {}

    /**
     * Raw bytes (already delimited by processors) through a stream compression; one compressed
     * stream per part file.
     */
    public static BulkWriter.Factory<byte[]> bytes(Compression compression) {
        if (compression == null) {
            throw new IllegalArgumentException("compression must not be null");
        }
        return new CompressedBytesWriter.Factory(compression);
    }

    /** Parquet with Firehose's Parquet compression name: SNAPPY, GZIP or UNCOMPRESSED. */
    public static BulkWriter.Factory<RowData> parquet(RowType schema, String parquetCompression) {
        return parquet(schema, ParquetCompression.of(parquetCompression));
    }

    /** Parquet; timestamps are written as UTC (INT96, as Hive, Athena and Spark read them). */
    public static BulkWriter.Factory<RowData> parquet(
            RowType schema, ParquetCompression compression) {
        Configuration conf = new Configuration();
        // ParquetOutputFormat.COMPRESSION; the codec names match Parquet's CompressionCodecName.
        conf.set("parquet.compression", compression.name());
        return ParquetRowDataBuilder.createWriterFactory(requireSchema(schema), conf, true);
    }

    /** ORC with Firehose's ORC compression name: SNAPPY, ZLIB or NONE. */
    public static BulkWriter.Factory<RowData> orc(RowType schema, String orcCompression) {
        return orc(schema, OrcCompression.of(orcCompression));
    }

    public static BulkWriter.Factory<RowData> orc(RowType schema, OrcCompression compression) {
        requireSchema(schema);
        String orcSchema = OrcSplitReaderUtil.logicalTypeToOrcType(schema).toString();
        Properties writerProperties = new Properties();
        // OrcConf.COMPRESS; the names match ORC's CompressionKind.
        writerProperties.setProperty("orc.compress", compression.name());
        return new OrcBulkWriterFactory<>(
                new RowDataVectorizer(orcSchema, schema.getChildren().toArray(new LogicalType[0])),
                writerProperties,
                new Configuration());
    }

    /** The extension Firehose appends for a stream compression: "", ".gz", ".snappy", ... */
    public static String extension(Compression compression) {
        return compression.extension();
    }

    /**
     * The extension of converted files: ".parquet" or ".orc" (whatever their inner compression).
     */
    public static String extension(ConversionFormat format) {
        return format.extension();
    }

    /**
     * Firehose's rule for format conversion: Parquet and ORC compress inside the file, so the S3
     * compression must be UNCOMPRESSED.
     *
     * @throws IllegalArgumentException naming the compression given
     */
    public static void validateCompressionForConversion(
            ConversionFormat format, Compression s3Compression) {
        if (s3Compression != Compression.UNCOMPRESSED) {
            throw new IllegalArgumentException(
                    "Compression must be UNCOMPRESSED when record format conversion to "
                            + format
                            + " is enabled (got "
                            + s3Compression
                            + "); set the "
                            + format
                            + " compression instead ("
                            + (format == ConversionFormat.PARQUET
                                    ? "SNAPPY, GZIP or UNCOMPRESSED"
                                    : "SNAPPY, ZLIB or NONE")
                            + ")");
        }
    }

    private static RowType requireSchema(RowType schema) {
        if (schema == null || schema.getFieldCount() == 0) {
            throw new IllegalArgumentException("a schema with at least one column is required");
        }
        return schema;
    }
}
