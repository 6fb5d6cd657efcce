package dev.brook.firehose.config;

import dev.brook.firehose.destination.HttpEndpointConfig;
import dev.brook.firehose.destination.JdbcConfig;
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
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
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

    private static final String DEST = FileDestinationConfiguration.FIELD;
    private static final String HTTP = HttpEndpointDestinationConfiguration.FIELD;
    private static final String JDBC = JdbcDestinationConfiguration.FIELD;

    /** A URL the HTTP endpoint's builder accepts, to check one other field at a time. */
    private static final String ANY_URL = "https://endpoint.invalid/";

    private final List<String> problems = new ArrayList<>();

    private DefinitionValidator() {}

    /** Returns the definition with its defaults, or throws listing every problem. */
    static DeliveryStreamDefinition validate(DeliveryStreamDefinition raw) {
        DefinitionValidator v = new DefinitionValidator();
        v.checkRequired(raw);
        v.throwIfAny();
        DeliveryStreamDefinition d = raw.withDefaults();
        v.checkSource(d);
        DestinationConfiguration destination = d.destination();
        if (destination instanceof FileDestinationConfiguration f) {
            v.checkFileDestination(f);
        } else if (destination instanceof HttpEndpointDestinationConfiguration h) {
            v.checkHttpDestination(h);
        } else if (destination instanceof JdbcDestinationConfiguration j) {
            v.checkJdbcDestination(j);
        }
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
        List<String> given = new ArrayList<>();
        if (d.extendedS3DestinationConfiguration() != null) {
            given.add(DEST);
        }
        if (d.httpEndpointDestinationConfiguration() != null) {
            given.add(HTTP);
        }
        if (d.jdbcDestinationConfiguration() != null) {
            given.add(JDBC);
        }
        if (given.isEmpty()) {
            problem(
                    DEST,
                    "required: the destination (Path, and optionally Prefix, ...), or "
                            + HTTP
                            + " or "
                            + JDBC);
        } else if (given.size() > 1) {
            problem(
                    String.join(", ", given),
                    "give exactly one destination; the limit is one per delivery stream");
        } else if (d.extendedS3DestinationConfiguration() != null) {
            if (blank(d.extendedS3DestinationConfiguration().path())) {
                problem(
                        DEST + ".Path",
                        "required: a directory URI such as file:///data/out or s3://bucket/base");
            }
        } else if (d.httpEndpointDestinationConfiguration() != null) {
            HttpEndpointDestinationConfiguration h = d.httpEndpointDestinationConfiguration();
            if (h.endpointConfiguration() == null || blank(h.endpointConfiguration().url())) {
                problem(
                        HTTP + ".EndpointConfiguration.Url",
                        "required: the endpoint, such as https://collector.example.com/firehose");
            }
            requireS3Configuration(HTTP, h.s3Configuration());
        } else {
            JdbcDestinationConfiguration j = d.jdbcDestinationConfiguration();
            if (blank(j.url())) {
                problem(JDBC + ".Url", "required: jdbc:postgresql://host:port/database");
            }
            if (blank(j.table())) {
                problem(JDBC + ".Table", "required: the table, such as public.clicks");
            }
            requireS3Configuration(JDBC, j.s3Configuration());
        }
    }

    private void requireS3Configuration(String parent, S3Configuration s) {
        if (s == null || blank(s.path())) {
            problem(
                    parent + ".S3Configuration.Path",
                    "required: the directory URI failed records (and backups) go to, such as"
                            + " file:///data/errors or s3://bucket/errors");
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
        checkFileHints(DEST + ".BufferingHints", hints);
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
        if (dp.retryOptions() != null) {
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
        checkProcessors(DEST, f.processingConfiguration());
        checkConversion(f, conversion);
        checkBackup(f);
    }

    private void checkFileHints(String field, BufferingHints hints) {
        range(field + ".SizeInMBs", hints.sizeInMBs(), SIZE_MB_MIN, SIZE_MB_MAX);
        range(field + ".IntervalInSeconds", hints.intervalInSeconds(), 0, INTERVAL_MAX);
    }

    /**
     * The HTTP endpoint's limits are its config builder's: each field is built alone, so a problem
     * names its field, and every problem shows at once.
     */
    private void checkHttpDestination(HttpEndpointDestinationConfiguration h) {
        HttpEndpointDestinationConfiguration.EndpointConfiguration e = h.endpointConfiguration();
        String endpoint = HTTP + ".EndpointConfiguration";
        built(endpoint + ".Url", () -> HttpEndpointConfig.builder(e.url()));
        built(endpoint + ".Name", () -> HttpEndpointConfig.builder(ANY_URL).name(e.name()));
        secret(endpoint, "AccessKey", e.accessKey(), e.accessKeyEnvVar());
        built(
                endpoint + ".AccessKey",
                () -> HttpEndpointConfig.builder(ANY_URL).accessKey(e.accessKey()));
        HttpEndpointDestinationConfiguration.RequestConfiguration r = h.requestConfiguration();
        for (int i = 0; i < r.commonAttributes().size(); i++) {
            HttpEndpointDestinationConfiguration.CommonAttribute a = r.commonAttributes().get(i);
            if (a == null) {
                problem(HTTP + ".RequestConfiguration.CommonAttributes[" + i + "]", "required");
                continue;
            }
            built(
                    HTTP + ".RequestConfiguration.CommonAttributes[" + i + "]",
                    () ->
                            HttpEndpointConfig.builder(ANY_URL)
                                    .commonAttribute(a.attributeName(), a.attributeValue()));
        }
        built(
                HTTP + ".BufferingHints.SizeInMBs",
                () ->
                        HttpEndpointConfig.builder(ANY_URL)
                                .bufferSizeMiB(h.bufferingHints().sizeInMBs()));
        built(
                HTTP + ".BufferingHints.IntervalInSeconds",
                () ->
                        HttpEndpointConfig.builder(ANY_URL)
                                .bufferIntervalSeconds(h.bufferingHints().intervalInSeconds()));
        built(
                HTTP + ".RetryOptions.DurationInSeconds",
                () ->
                        HttpEndpointConfig.builder(ANY_URL)
                                .retryDuration(
                                        Duration.ofSeconds(h.retryOptions().durationInSeconds())));
        if (problems.isEmpty()) {
            built(HTTP, h::builder); // what no single field shows
        }
        checkProcessors(HTTP, h.processingConfiguration());
        checkS3Configuration(HTTP + ".S3Configuration", h.s3Configuration());
    }

    /** As for the HTTP endpoint: the JDBC config's builder holds the limits. */
    private void checkJdbcDestination(JdbcDestinationConfiguration j) {
        String url = "jdbc:postgresql://localhost/db";
        built(JDBC + ".Url", () -> JdbcConfig.builder(j.url(), "t"));
        built(JDBC + ".Table", () -> JdbcConfig.builder(url, j.table()));
        secret(JDBC, "Password", j.password(), j.passwordEnvVar());
        built(JDBC + ".Columns", () -> JdbcConfig.builder(url, "t").columns(nonNull(j.columns())));
        built(
                JDBC + ".KeyColumns",
                () ->
                        JdbcConfig.builder(url, "t")
                                .columns(nonNull(j.columns()))
                                .keyColumns(nonNull(j.keyColumns())));
        built(JDBC + ".BatchSize", () -> JdbcConfig.builder(url, "t").batchSize(j.batchSize()));
        BufferingHints hints = j.bufferingHints();
        if (hints.sizeInMBs() != null) {
            problem(
                    JDBC + ".BufferingHints.SizeInMBs",
                    "not used by the JDBC destination; BatchSize (rows) bounds a batch");
        }
        range(
                JDBC + ".BufferingHints.IntervalInSeconds",
                hints.intervalInSeconds(),
                0,
                INTERVAL_MAX);
        built(
                JDBC + ".RetryOptions.MaxRetries",
                () -> JdbcConfig.builder(url, "t").maxRetries(j.retryOptions().maxRetries()));
        checkProcessors(JDBC, j.processingConfiguration());
        checkS3Configuration(JDBC + ".S3Configuration", j.s3Configuration());
    }

    private static List<String> nonNull(List<String> names) {
        return names.stream().anyMatch(java.util.Objects::isNull)
                ? names.stream().map(n -> n == null ? "" : n).toList()
                : names;
    }

    /** Runs a config builder's validation; its message (which names the limit) is the problem. */
    private void built(String field, Supplier<?> builder) {
        try {
            Object b = builder.get();
            if (b instanceof HttpEndpointConfig.Builder http) {
                http.build();
            } else if (b instanceof JdbcConfig.Builder jdbc) {
                jdbc.build();
            }
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
        }
    }

    private void secret(String parent, String field, String value, String envVar) {
        if (value != null && envVar != null) {
            problem(
                    parent + "." + field,
                    "give either " + field + " or " + field + "EnvVar, not both");
        }
        if (envVar != null && !Secrets.ENV_VAR.matcher(envVar).matches()) {
            problem(
                    parent + "." + field + "EnvVar",
                    "'"
                            + envVar
                            + "' is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
        }
    }

    private void checkS3Configuration(String field, S3Configuration s) {
        checkPath(field + ".Path", s.path());
        checkFileHints(field + ".BufferingHints", s.bufferingHints());
        try {
            S3Prefixes.of(s.prefix(), s.errorOutputPrefix(), false, ZoneOffset.UTC);
        } catch (InvalidPrefixException e) {
            problem(field, e.getMessage());
        }
    }

    private void checkProcessors(String destination, ProcessingConfiguration p) {
        String field = destination + ".ProcessingConfiguration.Processors";
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
