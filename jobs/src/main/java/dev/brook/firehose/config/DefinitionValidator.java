package dev.brook.firehose.config;

import dev.brook.firehose.format.OpenXJsonOptions;
import dev.brook.firehose.format.Schemas;
import dev.brook.firehose.prefix.InvalidPrefixException;
import dev.brook.firehose.prefix.ObjectNames;
import dev.brook.firehose.prefix.PrefixKind;
import dev.brook.firehose.prefix.S3Prefix;
import dev.brook.firehose.prefix.S3Prefixes;
import dev.brook.firehose.process.ProcessorChain;
import dev.brook.store.BrookException;
import dev.brook.store.StreamNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Firehose's rules for a delivery stream definition, each problem naming the field and the limit.
 * Collects every problem, so one run shows them all.
 */
final class DefinitionValidator {
    static final int SIZE_MB_MIN = 1;
    static final int SIZE_MB_MAX = 128;
    static final int SIZE_MB_MIN_LARGE = 64;
    static final int INTERVAL_MAX = 900;
    static final int INTERVAL_MIN_PARTITIONED = 60;
    static final int RETRY_MAX = 7200;
    static final Pattern FILE_EXTENSION = Pattern.compile("\\.[0-9a-z!\\-_.*'()]+");
    static final int FILE_EXTENSION_MAX = 128;
    static final Set<String> FILE_SCHEMES = Set.of("file", "hdfs", "s3", "s3a", "s3p", "viewfs");

    private static final String DEST = "ExtendedS3DestinationConfiguration";

    private final List<String> problems = new ArrayList<>();

    private DefinitionValidator() {}

    /** Returns the definition with its defaults, or throws listing every problem. */
    static DeliveryStreamDefinition validate(DeliveryStreamDefinition raw) {
        DefinitionValidator v = new DefinitionValidator();
        v.checkRequired(raw);
        v.throwIfAny();
        DeliveryStreamDefinition d = raw.withDefaults();
        v.checkSource(d);
        v.checkFileDestination(d.extendedS3DestinationConfiguration());
        v.throwIfAny();
        return d;
    }

    private void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
    }

    private void problem(String field, String message) {
        problems.add(field + ": " + message);
    }

    private void checkRequired(DeliveryStreamDefinition d) {
        String name = d.deliveryStreamName();
        if (name == null) {
            problem(
                    "DeliveryStreamName",
                    "required (1 to " + ObjectNames.MAX_STREAM_NAME_LENGTH + " characters)");
        } else {
            try {
                ObjectNames.requireStreamName(name);
            } catch (IllegalArgumentException e) {
                problem("DeliveryStreamName", e.getMessage());
            }
        }
        boolean stream = d.kinesisStreamSourceConfiguration() != null;
        boolean direct = d.directPutSourceConfiguration() != null;
        DeliveryStreamType type = d.deliveryStreamType();
        if (type == null && !stream && !direct) {
            problem(
                    "DeliveryStreamType",
                    "required: KinesisStreamAsSource (with KinesisStreamSourceConfiguration.StreamName)"
                            + " or DirectPut");
        } else if (type == DeliveryStreamType.KinesisStreamAsSource && !stream) {
            problem(
                    "KinesisStreamSourceConfiguration",
                    "required when DeliveryStreamType is KinesisStreamAsSource");
        } else if (type == DeliveryStreamType.DirectPut && stream) {
            problem(
                    "KinesisStreamSourceConfiguration",
                    "not allowed when DeliveryStreamType is DirectPut");
        } else if (type == DeliveryStreamType.KinesisStreamAsSource && direct) {
            problem(
                    "DirectPutSourceConfiguration",
                    "not allowed when DeliveryStreamType is KinesisStreamAsSource");
        } else if (type == null && stream && direct) {
            problem(
                    "DeliveryStreamType",
                    "give either KinesisStreamSourceConfiguration or DirectPutSourceConfiguration,"
                            + " not both");
        }
        if (d.extendedS3DestinationConfiguration() == null) {
            problem(DEST, "required: the destination (Path, and optionally Prefix, ...)");
        } else if (blank(d.extendedS3DestinationConfiguration().path())) {
            problem(
                    DEST + ".Path",
                    "required: a directory URI such as file:///data/out or s3://bucket/base");
        }
    }

    private void checkSource(DeliveryStreamDefinition d) {
        if (d.deliveryStreamType() == DeliveryStreamType.KinesisStreamAsSource) {
            String stream = d.kinesisStreamSourceConfiguration().streamName();
            if (blank(stream)) {
                problem("KinesisStreamSourceConfiguration.StreamName", "required");
            } else {
                try {
                    StreamNames.validate(stream);
                } catch (BrookException e) {
                    problem("KinesisStreamSourceConfiguration.StreamName", e.getMessage());
                }
            }
            checkRoot(
                    "KinesisStreamSourceConfiguration.Root",
                    d.kinesisStreamSourceConfiguration().root());
        } else {
            DirectPutSourceConfiguration p = d.directPutSourceConfiguration();
            range(
                    "DirectPutSourceConfiguration.ShardCount",
                    p.shardCount(),
                    1,
                    DirectPutSourceConfiguration.MAX_SHARD_COUNT);
            checkRoot("DirectPutSourceConfiguration.Root", p.root());
        }
    }

    private void checkRoot(String field, String root) {
        if (root != null && root.isBlank()) {
            problem(field, "must not be empty (leave it out to use the command line's --root)");
        }
    }

    private void checkFileDestination(FileDestinationConfiguration f) {
        checkPath(DEST + ".Path", f.path());
        DynamicPartitioningConfiguration dp = f.dynamicPartitioningConfiguration();
        DataFormatConversionConfiguration conversion = f.dataFormatConversionConfiguration();
        BufferingHints hints = f.bufferingHints();
        range(DEST + ".BufferingHints.SizeInMBs", hints.sizeInMBs(), SIZE_MB_MIN, SIZE_MB_MAX);
        range(
                DEST + ".BufferingHints.IntervalInSeconds",
                hints.intervalInSeconds(),
                0,
                INTERVAL_MAX);
        if (dp.active() || conversion.active()) {
            if (hints.sizeInMBs() < SIZE_MB_MIN_LARGE) {
                problem(
                        DEST + ".BufferingHints.SizeInMBs",
                        hints.sizeInMBs()
                                + " is below "
                                + SIZE_MB_MIN_LARGE
                                + ", the minimum with "
                                + (dp.active() ? "dynamic partitioning" : "data format conversion")
                                + " (as in Firehose)");
            }
        }
        if (dp.active() && hints.intervalInSeconds() < INTERVAL_MIN_PARTITIONED) {
            problem(
                    DEST + ".BufferingHints.IntervalInSeconds",
                    hints.intervalInSeconds()
                            + " is below "
                            + INTERVAL_MIN_PARTITIONED
                            + ", the minimum with dynamic partitioning (zero buffering is not"
                            + " available for it, as in Firehose)");
        }
        range(
                DEST + ".DynamicPartitioningConfiguration.ActivePartitionLimit",
                dp.activePartitionLimit(),
                1,
                DynamicPartitioningConfiguration.MAX_ACTIVE_PARTITION_LIMIT);
        if (dp.retryOptions() != null && dp.retryOptions().durationInSeconds() != null) {
            range(
                    DEST + ".DynamicPartitioningConfiguration.RetryOptions.DurationInSeconds",
                    dp.retryOptions().durationInSeconds(),
                    0,
                    RETRY_MAX);
        }
        try {
            ZoneId.of(f.customTimeZone());
        } catch (DateTimeException e) {
            problem(
                    DEST + ".CustomTimeZone",
                    "'"
                            + f.customTimeZone()
                            + "' is not a time zone; use a region id such as Europe/Berlin or an"
                            + " offset such as +02:00");
        }
        if (f.fileExtension() != null) {
            if (f.fileExtension().length() > FILE_EXTENSION_MAX) {
                problem(
                        DEST + ".FileExtension",
                        "has "
                                + f.fileExtension().length()
                                + " characters; the limit is "
                                + FILE_EXTENSION_MAX);
            } else if (!f.fileExtension().isEmpty()
                    && !FILE_EXTENSION.matcher(f.fileExtension()).matches()) {
                problem(
                        DEST + ".FileExtension",
                        "'"
                                + f.fileExtension()
                                + "' must start with '.' followed by characters of"
                                + " [0-9a-z!-_.*'()]");
            }
        }
        try {
            S3Prefixes.of(
                    f.prefix(), f.errorOutputPrefix(), dp.active(), ZoneId.of(f.customTimeZone()));
        } catch (InvalidPrefixException e) {
            problem(DEST, e.getMessage());
        } catch (DateTimeException e) {
            // reported above
        }
        checkProcessors(f.processingConfiguration());
        checkConversion(f, conversion);
        checkBackup(f);
    }

    private void checkProcessors(ProcessingConfiguration p) {
        String field = DEST + ".ProcessingConfiguration.Processors";
        for (int i = 0; i < p.processors().size(); i++) {
            ProcessingConfiguration.Processor proc = p.processors().get(i);
            if (proc == null || blank(proc.type())) {
                problem(field + "[" + i + "].Type", "required");
                return;
            }
        }
        try {
            ProcessorChain.of(p.specs());
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
        }
    }

    private void checkConversion(
            FileDestinationConfiguration f, DataFormatConversionConfiguration c) {
        if (!c.active()) {
            return;
        }
        String field = DEST + ".DataFormatConversionConfiguration";
        if (f.compressionFormat() != CompressionFormat.UNCOMPRESSED) {
            problem(
                    DEST + ".CompressionFormat",
                    "must be UNCOMPRESSED with data format conversion; set the compression in"
                            + " OutputFormatConfiguration.Serializer.ParquetSerDe/OrcSerDe.Compression");
        }
        if (c.schemaConfiguration() == null || blank(c.schemaConfiguration().columns())) {
            problem(
                    field + ".SchemaConfiguration.Columns",
                    "required: the columns as a Flink SQL list, e.g. \"page STRING, user_id"
                            + " BIGINT\"");
        } else {
            try {
                Schemas.parse(c.schemaConfiguration().columns());
            } catch (IllegalArgumentException e) {
                problem(field + ".SchemaConfiguration.Columns", e.getMessage());
            }
        }
        DataFormatConversionConfiguration.OpenXJsonSerDe openX =
                c.inputFormatConfiguration().deserializer().openXJsonSerDe();
        try {
            new OpenXJsonOptions(
                    openX.caseInsensitive(),
                    openX.columnToJsonKeyMappings(),
                    openX.convertDotsInJsonKeysToUnderscores());
        } catch (IllegalArgumentException e) {
            problem(
                    field + ".InputFormatConfiguration.Deserializer.OpenXJsonSerDe",
                    e.getMessage());
        }
        DataFormatConversionConfiguration.Serializer s =
                c.outputFormatConfiguration() == null
                        ? null
                        : c.outputFormatConfiguration().serializer();
        String serializer = field + ".OutputFormatConfiguration.Serializer";
        if (s == null || (s.parquetSerDe() == null) == (s.orcSerDe() == null)) {
            problem(serializer, "give exactly one of ParquetSerDe or OrcSerDe");
        } else if (s.parquetSerDe() != null) {
            oneOf(
                    serializer + ".ParquetSerDe.Compression",
                    s.parquetSerDe().compression(),
                    List.of("SNAPPY", "GZIP", "UNCOMPRESSED"));
        } else {
            oneOf(
                    serializer + ".OrcSerDe.Compression",
                    s.orcSerDe().compression(),
                    List.of("SNAPPY", "ZLIB", "NONE"));
        }
    }

    private void checkBackup(FileDestinationConfiguration f) {
        if (f.s3BackupMode() == S3BackupMode.Disabled) {
            if (f.s3BackupConfiguration() != null) {
                problem(
                        DEST + ".S3BackupConfiguration",
                        "given but S3BackupMode is Disabled; set S3BackupMode to Enabled or"
                                + " FailedDataOnly");
            }
            return;
        }
        BackupConfiguration b = f.s3BackupConfiguration();
        checkPath(DEST + ".S3BackupConfiguration.Path", b.path());
        try {
            S3Prefix.parse(b.prefix(), PrefixKind.DATA);
        } catch (InvalidPrefixException e) {
            problem(DEST + ".S3BackupConfiguration.Prefix", e.getMessage());
        }
    }

    private void checkPath(String field, String path) {
        URI uri;
        try {
            uri = new URI(path);
        } catch (URISyntaxException e) {
            problem(field, "'" + path + "' is not a URI: " + e.getReason());
            return;
        }
        if (uri.getScheme() != null
                && uri.getScheme().length() > 1 // a Windows drive letter is a local path
                && !FILE_SCHEMES.contains(uri.getScheme())) {
            problem(
                    field,
                    "'"
                            + path
                            + "': scheme '"
                            + uri.getScheme()
                            + "' is not a filesystem Brook delivers to; use one of "
                            + String.join(", ", FILE_SCHEMES.stream().sorted().toList())
                            + " (or a local directory)");
        }
    }

    private void range(String field, Integer value, int min, int max) {
        if (value == null) {
            return;
        }
        if (value < min || value > max) {
            problem(field, value + " is out of range: it must be " + min + " to " + max);
        }
    }

    private void oneOf(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            problem(field, "'" + value + "' is not one of " + String.join(", ", allowed));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
