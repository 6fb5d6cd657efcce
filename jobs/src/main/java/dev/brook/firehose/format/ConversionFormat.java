package dev.brook.firehose.format;

/** Firehose's record format conversion targets, with the extensions Firehose gives their files. */
public enum ConversionFormat {
    PARQUET(".parquet"),
    ORC(".orc");

    private final String extension;

    ConversionFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The format for a name, case-insensitively; an error lists the allowed names. */
    public static ConversionFormat of(String name) {
        return EnumNames.parse(ConversionFormat.class, name, "output format");
    }
}
