package dev.brook.firehose.format;

/** Compression inside ORC files: Firehose's {@code OrcSerDe.Compression} values. */
public enum OrcCompression {
    SNAPPY,
    ZLIB,
    NONE;

    /** The compression for a name, case-insensitively; an error lists the allowed names. */
    public static OrcCompression of(String name) {
        return EnumNames.parse(OrcCompression.class, name, "ORC compression");
    }
}
