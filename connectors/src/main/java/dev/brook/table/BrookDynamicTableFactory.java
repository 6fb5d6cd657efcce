package dev.brook.table;

import static dev.brook.table.BrookConnectorOptions.FORMAT;
import static dev.brook.table.BrookConnectorOptions.ROOT;
import static dev.brook.table.BrookConnectorOptions.SCAN_BOUNDED;
import static dev.brook.table.BrookConnectorOptions.SCAN_CONSUMER_NAME;
import static dev.brook.table.BrookConnectorOptions.SCAN_DESERIALIZATION_ERRORS;
import static dev.brook.table.BrookConnectorOptions.SCAN_DESERIALIZATION_ERRORS_STREAM;
import static dev.brook.table.BrookConnectorOptions.SCAN_SHARD_DISCOVERY_INTERVAL;
import static dev.brook.table.BrookConnectorOptions.SCAN_STARTUP_MODE;
import static dev.brook.table.BrookConnectorOptions.SCAN_STARTUP_SEQUENCE_NUMBER;
import static dev.brook.table.BrookConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS;
import static dev.brook.table.BrookConnectorOptions.SINK_BATCH_SIZE;
import static dev.brook.table.BrookConnectorOptions.SINK_DELIVERY_GUARANTEE;
import static dev.brook.table.BrookConnectorOptions.SINK_FLUSH_INTERVAL;
import static dev.brook.table.BrookConnectorOptions.SINK_PARALLELISM;
import static dev.brook.table.BrookConnectorOptions.SINK_PARTITION_KEY;
import static dev.brook.table.BrookConnectorOptions.SINK_ROUTE_BY_SHARD;
import static dev.brook.table.BrookConnectorOptions.STREAM;

import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.StartingPosition;
import dev.brook.store.StreamNames;
import dev.brook.table.BrookConnectorOptions.DeserializationErrors;
import dev.brook.table.BrookConnectorOptions.StartupMode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;

/**
 * {@code 'connector' = 'brook'}: a Brook stream as a table source and sink, with any Flink format
 * for the records' data. Options: {@link BrookConnectorOptions}.
 */
public final class BrookDynamicTableFactory
        implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    public static final String IDENTIFIER = "brook";

    private static final long MAX_BATCH_BYTES = 256L << 20;

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(STREAM, ROOT, FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                SCAN_STARTUP_MODE,
                SCAN_STARTUP_TIMESTAMP_MILLIS,
                SCAN_STARTUP_SEQUENCE_NUMBER,
                SCAN_BOUNDED,
                SCAN_CONSUMER_NAME,
                SCAN_SHARD_DISCOVERY_INTERVAL,
                SCAN_DESERIALIZATION_ERRORS,
                SCAN_DESERIALIZATION_ERRORS_STREAM,
                SINK_DELIVERY_GUARANTEE,
                SINK_FLUSH_INTERVAL,
                SINK_BATCH_SIZE,
                SINK_ROUTE_BY_SHARD,
                SINK_PARTITION_KEY,
                SINK_PARALLELISM);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
                helper.discoverDecodingFormat(DeserializationFormatFactory.class, FORMAT);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        String root = root(options);
        String stream = stream(options, root);
        StartingPosition start = startingPosition(options);
        boolean bounded = options.get(SCAN_BOUNDED);
        if (!bounded
                && context.getConfiguration().get(ExecutionOptions.RUNTIME_MODE)
                        == RuntimeExecutionMode.BATCH) {
            throw new ValidationException(
                    "table "
                            + context.getObjectIdentifier().asSummaryString()
                            + " is read in batch mode ('execution.runtime-mode' = 'batch'), which"
                            + " needs a bounded source: set '"
                            + SCAN_BOUNDED.key()
                            + "' = 'true'");
        }
        String consumer = options.getOptional(SCAN_CONSUMER_NAME).orElse(null);
        if (consumer != null
                && (!consumer.matches("[a-zA-Z0-9_.-]{1,128}") || consumer.startsWith("."))) {
            throw invalid(
                    SCAN_CONSUMER_NAME,
                    consumer,
                    "1 to 128 letters, digits, '_', '.' or '-', not starting with '.'");
        }
        Duration discovery = positive(options, SCAN_SHARD_DISCOVERY_INTERVAL);
        return new BrookDynamicSource(
                new BrookDynamicSource.Settings(root, stream, start, bounded, consumer, discovery),
                deserializationErrors(options, root, stream),
                format,
                context.getPhysicalRowDataType(),
                context.getObjectIdentifier().asSummaryString());
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        EncodingFormat<SerializationSchema<RowData>> format =
                helper.discoverEncodingFormat(SerializationFormatFactory.class, FORMAT);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        String root = root(options);
        String stream = stream(options, root);
        Duration flush = positive(options, SINK_FLUSH_INTERVAL);
        MemorySize batch = options.get(SINK_BATCH_SIZE);
        if (batch.getBytes() < 1 || batch.getBytes() > MAX_BATCH_BYTES) {
            throw invalid(SINK_BATCH_SIZE, batch.toString(), "it must be 1 byte to 256 mb");
        }
        Integer parallelism = options.getOptional(SINK_PARALLELISM).orElse(null);
        if (parallelism != null && parallelism < 1) {
            throw invalid(SINK_PARALLELISM, parallelism.toString(), "it must be at least 1");
        }
        List<String> keyColumns = keyColumns(context, options);
        return new BrookDynamicSink(
                new BrookDynamicSink.Settings(
                        root,
                        stream,
                        options.get(SINK_DELIVERY_GUARANTEE),
                        flush,
                        batch,
                        options.get(SINK_ROUTE_BY_SHARD),
                        keyColumns,
                        parallelism),
                format,
                context.getPhysicalRowDataType(),
                context.getObjectIdentifier().asSummaryString());
    }

    /**
     * 'scan.deserialization-errors' and its stream: 'route' needs an existing stream other than the
     * table's own (routing a stream's bad records into itself would read them again, forever).
     */
    private static BrookDynamicSource.ErrorHandling deserializationErrors(
            ReadableConfig options, String root, String stream) {
        DeserializationErrors mode = options.get(SCAN_DESERIALIZATION_ERRORS);
        String errorStream = options.getOptional(SCAN_DESERIALIZATION_ERRORS_STREAM).orElse(null);
        if (mode != DeserializationErrors.ROUTE) {
            if (errorStream != null) {
                throw new ValidationException(
                        "option '"
                                + SCAN_DESERIALIZATION_ERRORS_STREAM.key()
                                + "' is only used with '"
                                + SCAN_DESERIALIZATION_ERRORS.key()
                                + "' = 'route', not '"
                                + mode
                                + "'");
            }
            return new BrookDynamicSource.ErrorHandling(mode, options.get(FORMAT), null);
        }
        if (errorStream == null || errorStream.isBlank()) {
            throw new ValidationException(
                    "option '"
                            + SCAN_DESERIALIZATION_ERRORS_STREAM.key()
                            + "' is required when '"
                            + SCAN_DESERIALIZATION_ERRORS.key()
                            + "' = 'route': name the stream (under the same root) that records"
                            + " the format cannot decode are written to");
        }
        errorStream = errorStream.trim();
        if (errorStream.equals(stream)) {
            throw invalid(
                    SCAN_DESERIALIZATION_ERRORS_STREAM,
                    errorStream,
                    "it is the table's own stream; route the errors to another stream");
        }
        return new BrookDynamicSource.ErrorHandling(
                mode,
                options.get(FORMAT),
                existingStream(SCAN_DESERIALIZATION_ERRORS_STREAM, errorStream, root));
    }

    /** PARTITIONED BY columns, or 'sink.partition-key'; each must be a physical column. */
    private static List<String> keyColumns(Context context, ReadableConfig options) {
        List<String> partitionedBy = context.getCatalogTable().getPartitionKeys();
        List<String> option = options.getOptional(SINK_PARTITION_KEY).orElse(List.of());
        if (!partitionedBy.isEmpty() && !option.isEmpty()) {
            throw new ValidationException(
                    "table "
                            + context.getObjectIdentifier().asSummaryString()
                            + " is PARTITIONED BY "
                            + partitionedBy
                            + " and also sets '"
                            + SINK_PARTITION_KEY.key()
                            + "' = "
                            + option
                            + ": use one of them");
        }
        List<String> keys = partitionedBy.isEmpty() ? option : partitionedBy;
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        for (String key : keys) {
            boolean physical = schema.getColumn(key).map(Column::isPhysical).orElse(false);
            if (!physical) {
                throw new ValidationException(
                        (partitionedBy.isEmpty()
                                        ? "option '" + SINK_PARTITION_KEY.key() + "'"
                                        : "PARTITIONED BY")
                                + " names '"
                                + key
                                + "', which is not a physical column of table "
                                + context.getObjectIdentifier().asSummaryString()
                                + " (physical columns: "
                                + schema.getColumns().stream()
                                        .filter(Column::isPhysical)
                                        .map(Column::getName)
                                        .toList()
                                + ")");
            }
        }
        return List.copyOf(keys);
    }

    private static String root(ReadableConfig options) {
        String root = options.get(ROOT);
        if (root.isBlank()) {
            throw invalid(ROOT, root, "it must name the store's location");
        }
        return BrookStore.requireRoot(root.trim(), "option 'root'");
    }

    private static String stream(ReadableConfig options, String root) {
        return existingStream(STREAM, options.get(STREAM), root);
    }

    /** A stream's name, checked; a stream the store says does not exist is an error too. */
    private static String existingStream(ConfigOption<String> option, String stream, String root) {
        try {
            StreamNames.validate(stream);
        } catch (BrookException e) {
            throw invalid(option, stream, e.getMessage());
        }
        try (BrookStore store = BrookStore.open(root)) {
            store.metadata(stream);
        } catch (BrookException e) {
            if ("ResourceNotFoundException".equals(e.errorCode())) {
                throw invalid(
                        option,
                        stream,
                        "no such stream under "
                                + root
                                + "; create it first (bin/brook create-stream, or CREATE TABLE in"
                                + " a brook catalog)");
            }
            // Any other failure (the client may not reach the store) is left to the job.
        }
        return stream;
    }

    private static StartingPosition startingPosition(ReadableConfig options) {
        StartupMode mode = options.get(SCAN_STARTUP_MODE);
        Long millis = options.getOptional(SCAN_STARTUP_TIMESTAMP_MILLIS).orElse(null);
        String seq = options.getOptional(SCAN_STARTUP_SEQUENCE_NUMBER).orElse(null);
        boolean bySeq =
                mode == StartupMode.AT_SEQUENCE_NUMBER || mode == StartupMode.AFTER_SEQUENCE_NUMBER;
        if (mode == StartupMode.AT_TIMESTAMP && millis == null) {
            throw required(SCAN_STARTUP_TIMESTAMP_MILLIS, mode);
        }
        if (mode != StartupMode.AT_TIMESTAMP && millis != null) {
            throw onlyWith(SCAN_STARTUP_TIMESTAMP_MILLIS, "'at-timestamp'", mode);
        }
        if (bySeq && seq == null) {
            throw required(SCAN_STARTUP_SEQUENCE_NUMBER, mode);
        }
        if (!bySeq && seq != null) {
            throw onlyWith(
                    SCAN_STARTUP_SEQUENCE_NUMBER,
                    "'at-sequence-number' or 'after-sequence-number'",
                    mode);
        }
        try {
            switch (mode) {
                case LATEST:
                    return StartingPosition.latest();
                case AT_TIMESTAMP:
                    if (millis < 0) {
                        throw invalid(
                                SCAN_STARTUP_TIMESTAMP_MILLIS,
                                millis.toString(),
                                "it must be epoch milliseconds, 0 or more");
                    }
                    return StartingPosition.atTimestamp(millis);
                case AT_SEQUENCE_NUMBER:
                    return StartingPosition.atSequenceNumber(seq.trim());
                case AFTER_SEQUENCE_NUMBER:
                    return StartingPosition.afterSequenceNumber(seq.trim());
                case TRIM_HORIZON:
                default:
                    return StartingPosition.trimHorizon();
            }
        } catch (BrookException e) {
            throw invalid(SCAN_STARTUP_SEQUENCE_NUMBER, seq, e.getMessage());
        }
    }

    private static Duration positive(ReadableConfig options, ConfigOption<Duration> option) {
        Duration d = options.get(option);
        if (d.isZero() || d.isNegative()) {
            throw invalid(option, d.toString(), "it must be positive");
        }
        return d;
    }

    static ValidationException invalid(ConfigOption<?> option, String value, String why) {
        return new ValidationException(
                "Invalid value '" + value + "' for option '" + option.key() + "': " + why);
    }

    private static ValidationException required(ConfigOption<?> option, StartupMode mode) {
        return new ValidationException(
                "option '"
                        + option.key()
                        + "' is required when '"
                        + SCAN_STARTUP_MODE.key()
                        + "' = '"
                        + mode
                        + "'");
    }

    private static ValidationException onlyWith(
            ConfigOption<?> option, String modes, StartupMode mode) {
        return new ValidationException(
                "option '"
                        + option.key()
                        + "' is only used with '"
                        + SCAN_STARTUP_MODE.key()
                        + "' = "
                        + modes
                        + ", not '"
                        + mode
                        + "'");
    }
}
