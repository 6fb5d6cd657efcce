package dev.brook.firehose.config;

/** Source record backup, as Firehose's S3BackupMode. */
public enum S3BackupMode {
    /** No backup. */
    Disabled,
    /** Every source record, as it came from the source (before processing). */
    Enabled,
    /** The source data of every record that could not be delivered. */
    FailedDataOnly
}
