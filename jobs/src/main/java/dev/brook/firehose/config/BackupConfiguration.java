package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where source record backups go (Firehose's S3BackupConfiguration): a path (default: the
 * destination's) and a prefix (default {@code source-records/} followed by the default {@code
 * YYYY/MM/dd/HH/} timestamp), written raw with {@code CompressionFormat}.
 */
public record BackupConfiguration(
        @JsonProperty("Path") String path,
        @JsonProperty("Prefix") String prefix,
        @JsonProperty("CompressionFormat") CompressionFormat compressionFormat) {

    public static final String DEFAULT_PREFIX = "source-records/";

    BackupConfiguration withDefaults(String destinationPath) {
        return new BackupConfiguration(
                path == null ? destinationPath : path,
                prefix == null ? DEFAULT_PREFIX : prefix,
                compressionFormat == null ? CompressionFormat.UNCOMPRESSED : compressionFormat);
    }
}
