package dev.brook.firehose.job;

import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.config.BackupConfiguration;
import dev.brook.firehose.config.CompressionFormat;
import dev.brook.firehose.config.DataFormatConversionConfiguration;
import dev.brook.firehose.config.DeliveryStreamDefinition;
import dev.brook.firehose.config.DeliveryStreamType;
import dev.brook.firehose.config.DestinationConfiguration;
import dev.brook.firehose.config.FileDestinationConfiguration;
import dev.brook.firehose.config.FileOutputs;
import dev.brook.firehose.config.HttpEndpointDestinationConfiguration;
import dev.brook.firehose.config.JdbcDestinationConfiguration;
import dev.brook.firehose.config.ProcessingConfiguration;
import dev.brook.firehose.config.S3BackupMode;
import dev.brook.firehose.config.StreamSourceConfiguration;
import dev.brook.firehose.destination.HttpEndpointDelivery;
import dev.brook.firehose.destination.JdbcDelivery;
import dev.brook.firehose.format.Compression;
import dev.brook.firehose.format.ConversionFormat;
import dev.brook.firehose.format.JsonRowConverter;
import dev.brook.firehose.format.OpenXJsonOptions;
import dev.brook.firehose.format.OutputFormats;
import dev.brook.firehose.format.Schemas;
import dev.brook.firehose.metrics.FirehoseMetrics;
import dev.brook.firehose.prefix.PrefixKind;
import dev.brook.firehose.prefix.S3Prefix;
import dev.brook.firehose.prefix.S3Prefixes;
import dev.brook.firehose.process.ProcessorChain;
import dev.brook.source.BrookSource;
import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.StartingPosition;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * A delivery stream as a Flink job: Brook source → Firehose records → processors → the destination
 * (prefix, format conversion → FileSink; or {@link HttpEndpointDelivery}; or {@link JdbcDelivery});
 * failed records → a FileSink under the error output prefix; source records (all, or the failed
 * ones) → another under the backup prefix. Whatever the destination, the source, processors, error
 * output and backup are wired by the same code.
 *
 * <pre>{@code
 * FirehoseJob job = FirehoseJob.builder(DeliveryStreamDefinitions.load(file)).root(root).build();
 * job.prepareSource();
 * env.enableCheckpointing(job.checkpointInterval().toMillis());
 * job.addTo(env);
 * env.execute(job.jobName());
 * }</pre>
 */
public final class FirehoseJob {
    /** Checkpoints (and so deliveries) at least this far apart, for IntervalInSeconds 0. */
    public static final Duration MIN_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private static final TypeInformation<Tuple2<String, byte[]>> BUCKETED_BYTES =
            Types.TUPLE(Types.STRING, Types.PRIMITIVE_ARRAY(Types.BYTE));

    private final DeliveryStreamDefinition definition;
    private final String root;
    private final boolean bounded;
    private final MapFunction<FirehoseRecord, FirehoseRecord> afterSource;
    private final Map<String, String> environment;

    private FirehoseJob(Builder b, DeliveryStreamDefinition definition, String root) {
        this.definition = definition;
        this.root = root;
        this.bounded = b.bounded;
        this.afterSource = b.afterSource;
        this.environment = b.environment;
    }

    public static Builder builder(DeliveryStreamDefinition definition) {
        return new Builder(definition);
    }

    public DeliveryStreamDefinition definition() {
        return definition;
    }

    /** The store the source stream is in. */
    public String root() {
        return root;
    }

    public String jobName() {
        return "firehose " + definition.deliveryStreamName();
    }

    /**
     * The consumer name the job's source registers with its stream: the registry holds the
     * positions of its last completed checkpoint, so others can see how far it has delivered.
     */
    public String consumerName() {
        return "firehose-" + definition.deliveryStreamName();
    }

    /** The records a run delivered (their files committed), from the job's accumulators. */
    public static long deliveredRecords(Map<String, Object> accumulators) {
        return accumulators.get(FirehoseMetrics.DELIVERED_RECORDS_ACCUMULATOR) instanceof Number n
                ? n.longValue()
                : 0;
    }

    /** The records a run sent to the error output, from the job's accumulators. */
    public static long failedRecords(Map<String, Object> accumulators) {
        return accumulators.get(FirehoseMetrics.FAILED_RECORDS_ACCUMULATOR) instanceof Number n
                ? n.longValue()
                : 0;
    }

    /**
     * The checkpoint interval that delivers as the buffering hints ask: FileSink makes files
     * visible at checkpoints, so the destination's IntervalInSeconds is the checkpoint interval (at
     * least {@link #MIN_CHECKPOINT_INTERVAL}). The HTTP endpoint and JDBC destinations deliver
     * without waiting for checkpoints; their interval paces the error output's files and the
     * delivery metrics.
     */
    public Duration checkpointInterval() {
        Duration hint = Duration.ofSeconds(definition.destination().bufferingIntervalSeconds());
        return hint.compareTo(MIN_CHECKPOINT_INTERVAL) < 0 ? MIN_CHECKPOINT_INTERVAL : hint;
    }

    /**
     * Checks the source: a Brook stream must exist; Direct PUT's backing stream is created when
     * missing. Runs where the job is built (client side).
     */
    public void prepareSource() {
        try (BrookStore store = BrookStore.open(root)) {
            String stream = definition.sourceStreamName();
            if (definition.deliveryStreamType() == DeliveryStreamType.DirectPut) {
                try {
                    store.metadata(stream);
                } catch (BrookException missing) {
                    if (!"ResourceNotFoundException".equals(missing.errorCode())) {
                        throw missing;
                    }
                    store.createStream(
                            stream, definition.directPutSourceConfiguration().shardCount());
                }
            } else {
                store.metadata(stream);
            }
        }
    }

    /** Adds the delivery stream's pipeline to {@code env}. */
    public void addTo(StreamExecutionEnvironment env) {
        String name = definition.deliveryStreamName();
        DestinationConfiguration destination = definition.destination();
        FileOutputs outputs = destination.fileOutputs();
        ZoneId zone = outputs.zone();
        S3Prefixes prefixes = outputs.prefixes();

        DataStream<FirehoseRecord> source =
                env.fromSource(source(), WatermarkStrategy.noWatermarks(), "firehose source")
                        .uid("firehose-source");

        DataStream<FirehoseRecord> processed = source;
        if (afterSource != null) {
            processed = processed.map(afterSource).name("firehose test hook");
        }
        ProcessingConfiguration processing = destination.processingConfiguration();
        SingleOutputStreamOperator<FirehoseRecord> processors = null;
        if (processing.active()) {
            processors =
                    processed
                            .transform(
                                    "firehose processors",
                                    TypeInformation.of(FirehoseRecord.class),
                                    new ProcessorOperator(ProcessorChain.of(processing.specs())))
                            .uid("firehose-processors");
            processed = processors;
        }

        DataStream<FailedRecord> failed;
        if (destination instanceof FileDestinationConfiguration f) {
            failed = deliverToFiles(f, processed, prefixes.data(), zone);
        } else if (destination instanceof HttpEndpointDestinationConfiguration h) {
            failed = HttpEndpointDelivery.deliver(processed, h.toConfig(environment));
        } else {
            JdbcDestinationConfiguration j = (JdbcDestinationConfiguration) destination;
            failed = JdbcDelivery.deliver(processed, j.toConfig(environment));
        }
        if (processors != null) {
            failed = failed.union(processors.getSideOutput(DeliveryOperator.FAILED));
        }
        Compression compression = compression(outputs.compressionFormat());
        failed.map(new ErrorOutputMapper(prefixes.error()))
                .returns(BUCKETED_BYTES)
                .name("firehose error records")
                .uid("firehose-error-records")
                .sinkTo(
                        FileDestinations.fileSink(
                                outputs.path(),
                                OutputFormats.bytes(compression),
                                compression.extension(),
                                outputs.bufferingHints(),
                                name,
                                zone))
                .name("firehose error output")
                .uid("firehose-error-output");

        if (outputs.backupMode() != S3BackupMode.Disabled) {
            BackupConfiguration b = outputs.backup();
            Compression backupCompression = compression(b.compressionFormat());
            S3Prefix backupPrefix = S3Prefix.parse(b.prefix(), PrefixKind.DATA, false, zone);
            DataStream<FirehoseRecord> toBackUp =
                    outputs.backupMode() == S3BackupMode.Enabled
                            ? source
                            : failed.map(FailedRecord::getRecord)
                                    .returns(FirehoseRecord.class)
                                    .name("firehose failed source records");
            toBackUp.map(new BackupMapper(backupPrefix))
                    .returns(BUCKETED_BYTES)
                    .name("firehose backup records")
                    .uid("firehose-backup-records")
                    .sinkTo(
                            FileDestinations.fileSink(
                                    b.path(),
                                    OutputFormats.bytes(backupCompression),
                                    backupCompression.extension(),
                                    outputs.bufferingHints(),
                                    name,
                                    zone))
                    .name("firehose backup")
                    .uid("firehose-backup");
        }
    }

    /** Files: prefix, partitions, conversion, FileSink; returns what could not be placed. */
    private DataStream<FailedRecord> deliverToFiles(
            FileDestinationConfiguration f,
            DataStream<FirehoseRecord> records,
            S3Prefix prefix,
            ZoneId zone) {
        boolean partitioned = f.dynamicPartitioningConfiguration().active();
        int limit = partitioned ? f.dynamicPartitioningConfiguration().activePartitionLimit() : 0;
        Compression compression = compression(f.compressionFormat());
        DataFormatConversionConfiguration conversion = f.dataFormatConversionConfiguration();
        SingleOutputStreamOperator<?> delivery =
                conversion.active()
                        ? deliverConverted(records, prefix, limit, conversion, zone)
                        : deliver(
                                records,
                                prefix,
                                limit,
                                FirehoseRecord::getData,
                                BUCKETED_BYTES,
                                OutputFormats.bytes(compression),
                                extension(compression.extension()),
                                zone);
        return delivery.getSideOutput(DeliveryOperator.FAILED);
    }

    /** Prefix, limit and encoding, then the destination's FileSink; returns the delivery step. */
    private <T> SingleOutputStreamOperator<Tuple2<String, T>> deliver(
            DataStream<FirehoseRecord> records,
            S3Prefix prefix,
            int activePartitionLimit,
            RecordEncoder<T> encoder,
            TypeInformation<Tuple2<String, T>> type,
            BulkWriter.Factory<T> writer,
            String extension,
            ZoneId zone) {
        FileDestinationConfiguration f = definition.fileDestination();
        SingleOutputStreamOperator<Tuple2<String, T>> delivery =
                records.transform(
                                "firehose delivery",
                                type,
                                new DeliveryOperator<>(
                                        prefix,
                                        activePartitionLimit,
                                        encoder,
                                        FirehoseMetrics.DELIVERY_TO_FILES))
                        .uid("firehose-delivery");
        delivery.sinkTo(
                        FileDestinations.fileSink(
                                f.path(),
                                writer,
                                extension,
                                f.bufferingHints(),
                                definition.deliveryStreamName(),
                                zone))
                .name("firehose files")
                .uid("firehose-files");
        return delivery;
    }

    /**
     * JSON records converted to Parquet or ORC rows of the schema; failures to the error output.
     */
    private SingleOutputStreamOperator<Tuple2<String, RowData>> deliverConverted(
            DataStream<FirehoseRecord> records,
            S3Prefix prefix,
            int activePartitionLimit,
            DataFormatConversionConfiguration c,
            ZoneId zone) {
        RowType schema = Schemas.parse(c.schemaConfiguration().columns());
        JsonRowConverter converter = new JsonRowConverter(schema, openXOptions(c));
        DataFormatConversionConfiguration.Serializer s = c.outputFormatConfiguration().serializer();
        ConversionFormat format =
                s.parquetSerDe() != null ? ConversionFormat.PARQUET : ConversionFormat.ORC;
        BulkWriter.Factory<RowData> writer =
                format == ConversionFormat.PARQUET
                        ? OutputFormats.parquet(schema, s.parquetSerDe().compression())
                        : OutputFormats.orc(schema, s.orcSerDe().compression());
        return deliver(
                records,
                prefix,
                activePartitionLimit,
                new RowEncoder(converter),
                Types.TUPLE(Types.STRING, InternalTypeInfo.of(schema)),
                writer,
                extension(OutputFormats.extension(format)),
                zone);
    }

    /** The OpenX JSON SerDe options of a definition, as the converter takes them. */
    public static OpenXJsonOptions openXOptions(DataFormatConversionConfiguration c) {
        DataFormatConversionConfiguration.OpenXJsonSerDe o =
                c.inputFormatConfiguration().deserializer().openXJsonSerDe();
        return new OpenXJsonOptions(
                o.caseInsensitive(),
                o.columnToJsonKeyMappings(),
                o.convertDotsInJsonKeysToUnderscores());
    }

    private String extension(String defaultExtension) {
        String given = definition.fileDestination().fileExtension();
        return given != null ? given : defaultExtension;
    }

    /** The stream compression of a Firehose CompressionFormat (the same names). */
    public static Compression compression(CompressionFormat format) {
        return Compression.valueOf(format.name());
    }

    /** Converts with the converter (a named class: the converter must be serialized with it). */
    private static final class RowEncoder implements RecordEncoder<RowData> {
        private static final long serialVersionUID = 1L;
        private final JsonRowConverter converter;

        RowEncoder(JsonRowConverter converter) {
            this.converter = converter;
        }

        @Override
        public RowData encode(FirehoseRecord record) throws Exception {
            return converter.convert(record.getData());
        }
    }

    private BrookSource<FirehoseRecord> source() {
        BrookSource.Builder<FirehoseRecord> b =
                BrookSource.<FirehoseRecord>builder().root(root).stream(
                                definition.sourceStreamName())
                        .consumerName(consumerName())
                        .deserializer(new FirehoseRecordDeserializer());
        StreamSourceConfiguration s = definition.kinesisStreamSourceConfiguration();
        if (s != null
                && s.startingPosition() == StreamSourceConfiguration.StartingPosition.LATEST) {
            b.startingPosition(StartingPosition.latest());
        }
        if (bounded) {
            b.bounded();
        }
        return b.build();
    }

    /** Builds a job for a validated definition ({@code DeliveryStreamDefinitions.load}). */
    public static final class Builder {
        private final DeliveryStreamDefinition definition;
        private String root;
        private boolean bounded;
        private MapFunction<FirehoseRecord, FirehoseRecord> afterSource;
        private Map<String, String> environment = System.getenv();

        private Builder(DeliveryStreamDefinition definition) {
            this.definition = Objects.requireNonNull(definition, "definition");
        }

        /** The store's root, used when the definition names none. */
        public Builder root(String root) {
            this.root = root;
            return this;
        }

        /**
         * Reads the source to the end it has when the job starts, delivers everything and finishes
         * (for tests and one-off backfills; a delivery stream normally runs until stopped).
         */
        public Builder bounded(boolean bounded) {
            this.bounded = bounded;
            return this;
        }

        /** Where tests inject task failures: a map right after the source. */
        @VisibleForTesting
        Builder afterSource(MapFunction<FirehoseRecord, FirehoseRecord> map) {
            this.afterSource = map;
            return this;
        }

        /**
         * Where {@code AccessKeyEnvVar} and {@code PasswordEnvVar} are looked up (the process's
         * environment unless a test gives another).
         */
        @VisibleForTesting
        Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        public FirehoseJob build() {
            String r = definition.root() != null ? definition.root() : root;
            if (r == null || r.isBlank()) {
                throw new IllegalArgumentException(
                        "no store root: set the source's Root in the definition or give --root");
            }
            return new FirehoseJob(this, definition.withRoot(r), r);
        }
    }
}
