package dev.brook.firehose.format;

/** Compression inside Parquet files: Firehose's {@code ParquetSerDe.Compression} values. */
public enum ParquetCompression {
    SNAPPY,
    GZIP,
    UNCOMPRESSED;

    /** The compression for a name, case-insensitively; an error lists the allowed names. */
    public static ParquetCompression of(String name) {
        return EnumNames.parse(ParquetCompression.class, name, "Parquet compression");
    }
}
