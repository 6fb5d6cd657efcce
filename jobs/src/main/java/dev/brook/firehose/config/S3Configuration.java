package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The files beside a destination that is not files itself (Firehose's S3Configuration of the HTTP
 * endpoint and Redshift destinations), with {@code Path} (a filesystem URI) in place of the bucket
 * ARN: failed records go under {@code ErrorOutputPrefix}, backed up source records under {@code
 * Prefix}, both with {@code CompressionFormat} and rolled by {@code BufferingHints}.
 */
public record S3Configuration(
        @JsonProperty("Path") String path,
        @JsonProperty("Prefix") String prefix,
        @JsonProperty("ErrorOutputPrefix") String errorOutputPrefix,
        @JsonProperty("CompressionFormat") CompressionFormat compressionFormat,
        @JsonProperty("BufferingHints") BufferingHints bufferingHints) {

    S3Configuration withDefaults() {
        return new S3Configuration(
                path,
                prefix == null ? "" : prefix,
                errorOutputPrefix == null ? "" : errorOutputPrefix,
                compressionFormat == null ? CompressionFormat.UNCOMPRESSED : compressionFormat,
                BufferingHints.orUnset(bufferingHints)
                        .withDefaults(BufferingHints.DEFAULT_SIZE_MB));
    }

    /** The error output and backup of a destination that writes them here. */
    FileOutputs outputs(S3BackupMode backupMode) {
        return new FileOutputs(
                path,
                prefix,
                errorOutputPrefix,
                false,
                "UTC",
                compressionFormat,
                bufferingHints,
                backupMode,
                backupMode == S3BackupMode.Disabled
                        ? null
                        : new BackupConfiguration(path, prefix, compressionFormat));
    }
}
