package dev.brook.firehose.config;

import dev.brook.firehose.prefix.S3Prefixes;
import java.time.ZoneId;

/**
 * What every destination writes as files besides its deliveries: failed records under the error
 * output prefix and, with a backup mode, source records under the backup prefix. The file
 * destination writes them beside its own files; the HTTP endpoint and JDBC destinations under their
 * S3Configuration.
 *
 * @param prefix the data prefix the error output prefix defaults from
 * @param backup where backups go; null when {@code backupMode} is Disabled
 */
public record FileOutputs(
        String path,
        String prefix,
        String errorOutputPrefix,
        boolean dynamicPartitioning,
        String customTimeZone,
        CompressionFormat compressionFormat,
        BufferingHints bufferingHints,
        S3BackupMode backupMode,
        BackupConfiguration backup) {

    public ZoneId zone() {
        return ZoneId.of(customTimeZone);
    }

    /** The data and error output prefixes with Firehose's defaults and rules. */
    public S3Prefixes prefixes() {
        return S3Prefixes.of(prefix, errorOutputPrefix, dynamicPartitioning, zone());
    }
}
