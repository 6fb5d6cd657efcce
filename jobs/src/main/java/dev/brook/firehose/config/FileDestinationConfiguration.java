package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Delivery to files on any Flink filesystem ({@code file://}, {@code hdfs://}, {@code s3://}):
 * Firehose's ExtendedS3DestinationConfiguration with {@code Path} (a filesystem URI) in place of
 * the bucket ARN.
 */
public record FileDestinationConfiguration(
        @JsonProperty("Path") String path,
        @JsonProperty("Prefix") String prefix,
        @JsonProperty("ErrorOutputPrefix") String errorOutputPrefix,
        @JsonProperty("CustomTimeZone") String customTimeZone,
        @JsonProperty("FileExtension") String fileExtension,
        @JsonProperty("CompressionFormat") CompressionFormat compressionFormat,
        @JsonProperty("BufferingHints") BufferingHints bufferingHints,
        @JsonProperty("ProcessingConfiguration") ProcessingConfiguration processingConfiguration,
        @JsonProperty("DynamicPartitioningConfiguration")
                DynamicPartitioningConfiguration dynamicPartitioningConfiguration,
        @JsonProperty("DataFormatConversionConfiguration")
                DataFormatConversionConfiguration dataFormatConversionConfiguration,
        @JsonProperty("S3BackupMode") S3BackupMode s3BackupMode,
        @JsonProperty("S3BackupConfiguration") BackupConfiguration s3BackupConfiguration)
        implements DestinationConfiguration {

    static final String FIELD = "ExtendedS3DestinationConfiguration";

    @Override
    public String fieldName() {
        return FIELD;
    }

    @Override
    public FileOutputs fileOutputs() {
        return new FileOutputs(
                path,
                prefix,
                errorOutputPrefix,
                dynamicPartitioningConfiguration.active(),
                customTimeZone,
                compressionFormat,
                bufferingHints,
                s3BackupMode,
                s3BackupConfiguration);
    }

    @Override
    public String target() {
        return path;
    }

    FileDestinationConfiguration withDefaults() {
        DataFormatConversionConfiguration conversion =
                dataFormatConversionConfiguration == null
                        ? new DataFormatConversionConfiguration(false, null, null, null)
                        : dataFormatConversionConfiguration.withDefaults();
        DynamicPartitioningConfiguration partitioning =
                (dynamicPartitioningConfiguration == null
                                ? new DynamicPartitioningConfiguration(null, null, null)
                                : dynamicPartitioningConfiguration)
                        .withDefaults();
        int defaultSize =
                conversion.active() || partitioning.active()
                        ? BufferingHints.DEFAULT_SIZE_MB_LARGE
                        : BufferingHints.DEFAULT_SIZE_MB;
        S3BackupMode backup = s3BackupMode == null ? S3BackupMode.Disabled : s3BackupMode;
        return new FileDestinationConfiguration(
                path,
                prefix == null ? "" : prefix,
                errorOutputPrefix == null ? "" : errorOutputPrefix,
                customTimeZone == null ? "UTC" : customTimeZone,
                fileExtension,
                compressionFormat == null ? CompressionFormat.UNCOMPRESSED : compressionFormat,
                BufferingHints.orUnset(bufferingHints).withDefaults(defaultSize),
                ProcessingConfiguration.withDefaults(processingConfiguration),
                partitioning,
                conversion,
                backup,
                backup == S3BackupMode.Disabled
                        ? s3BackupConfiguration
                        : (s3BackupConfiguration == null
                                        ? new BackupConfiguration(null, null, null)
                                        : s3BackupConfiguration)
                                .withDefaults(path));
    }
}
