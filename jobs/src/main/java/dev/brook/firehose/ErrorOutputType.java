package dev.brook.firehose;

/**
 * Why a record went to the error output; {@link #prefixValue()} is what {@code
 * !{firehose:error-output-type}} evaluates to, as in Firehose.
 */
public enum ErrorOutputType {
    /**
     * A processor (de-aggregation, decompression, the transform hook, metadata extraction) failed.
     */
    PROCESSING_FAILED("processing-failed"),
    /** JSON to Parquet/ORC conversion failed. */
    FORMAT_CONVERSION_FAILED("format-conversion-failed"),
    /** The HTTP endpoint did not accept the record within the retry duration. */
    HTTP_ENDPOINT_FAILED("http-endpoint-failed"),
    /** The JDBC destination rejected the record. */
    JDBC_FAILED("jdbc-failed"),
    /**
     * Dynamic partitioning could not place the record (missing key, too many active partitions).
     */
    PARTITIONING_FAILED("partitioning-failed");

    private final String prefixValue;

    ErrorOutputType(String prefixValue) {
        this.prefixValue = prefixValue;
    }

    public String prefixValue() {
        return prefixValue;
    }
}
