package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The stream compression of delivered files, spelled as in Firehose's API ({@code Snappy} is framed
 * Snappy; {@code ZSTD} is Brook's addition).
 */
public enum CompressionFormat {
    UNCOMPRESSED,
    GZIP,
    ZIP,
    @JsonProperty("Snappy")
    SNAPPY,
    HADOOP_SNAPPY,
    ZSTD
}
