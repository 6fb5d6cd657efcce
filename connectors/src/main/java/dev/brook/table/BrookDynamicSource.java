package dev.brook.table;

import dev.brook.source.BrookDeserializationSchema;
import dev.brook.source.BrookSource;
import dev.brook.store.StartingPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Either;

/**
 * A Brook stream read as a table: the table's format decodes each record's data, metadata columns
 * add what Kinesis returns with it, and a watermark declared on the table is pushed into the source
 * so that watermarks are generated per shard.
 */
public final class BrookDynamicSource
        implements ScanTableSource, SupportsReadingMetadata, SupportsWatermarkPushDown {

    /** What the source reads, as the options gave it. */
    public record Settings(
            String root,
            String stream,
            StartingPosition start,
            boolean bounded,
            String consumerName,
            Duration shardDiscoveryInterval)
            implements java.io.Serializable {}

    /**
     * What happens to a record the format cannot decode ({@code 'scan.deserialization-errors'}),
     * the format's name for messages, and the error stream of {@code route}.
     */
    public record ErrorHandling(
            BrookConnectorOptions.DeserializationErrors mode, String format, String stream)
            implements java.io.Serializable {}

    private final Settings settings;
    private final ErrorHandling errors;
    private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final DataType physicalType;
    private final String tableName;
    private List<String> metadataKeys = List.of();
    private DataType producedType;
    private WatermarkStrategy<RowData> watermarkStrategy;

    BrookDynamicSource(
            Settings settings,
            ErrorHandling errors,
            DecodingFormat<DeserializationSchema<RowData>> format,
            DataType physicalType,
            String tableName) {
        this.settings = settings;
        this.errors = errors;
        this.format = format;
        this.physicalType = physicalType;
        this.producedType = physicalType;
        this.tableName = tableName;
    }

    public Settings settings() {
        return settings;
    }

    public ErrorHandling errorHandling() {
        return errors;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return format.getChangelogMode();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        DeserializationSchema<RowData> decoder = format.createRuntimeDecoder(context, physicalType);
        List<BrookMetadata> metadata = new ArrayList<>();
        for (String key : metadataKeys) {
            metadata.add(BrookMetadata.of(key));
        }
        TypeInformation<RowData> rowType = context.createTypeInformation(producedType);
        RowDataRecordDeserializer rows =
                new RowDataRecordDeserializer(
                        decoder, metadata, rowType, errors, settings.stream(), tableName);
        WatermarkStrategy<RowData> watermarks =
                watermarkStrategy != null ? watermarkStrategy : WatermarkStrategy.noWatermarks();
        String name = "Brook[" + settings.stream() + "]";
        if (errors.mode() != BrookConnectorOptions.DeserializationErrors.ROUTE) {
            BrookSource<RowData> source = source(rows);
            return provider(
                    source,
                    (env, uid) -> {
                        DataStreamSource<RowData> stream = env.fromSource(source, watermarks, name);
                        uid.apply("brook-source").ifPresent(stream::uid);
                        return stream;
                    });
        }
        BrookSource<Either<RowData, Tuple2<String, byte[]>>> source =
                source(new ErrorRoutingDeserializer(rows, settings.root(), settings.stream()));
        return provider(
                source,
                (env, uid) -> {
                    DataStreamSource<Either<RowData, Tuple2<String, byte[]>>> stream =
                            env.fromSource(source, new ErrorRoutingWatermarks(watermarks), name);
                    uid.apply("brook-source").ifPresent(stream::uid);
                    SingleOutputStreamOperator<RowData> decoded =
                            stream.process(
                                            new DeserializationErrorRouter(
                                                    settings.root(), errors.stream()),
                                            rowType)
                                    .name(name + " errors to " + errors.stream());
                    uid.apply("brook-deserialization-errors").ifPresent(decoded::uid);
                    return decoded;
                });
    }

    private <T> BrookSource<T> source(BrookDeserializationSchema<T> deserializer) {
        BrookSource.Builder<T> b =
                BrookSource.<T>builder().root(settings.root()).stream(settings.stream())
                        .startingPosition(settings.start())
                        .shardDiscoveryInterval(settings.shardDiscoveryInterval())
                        .deserializer(deserializer);
        if (settings.bounded()) {
            b.bounded();
        }
        if (settings.consumerName() != null) {
            b.consumerName(settings.consumerName());
        }
        return b.build();
    }

    /** Builds the table's data stream in an environment, with uids made by the planner. */
    private interface StreamBuilder {
        DataStream<RowData> build(
                StreamExecutionEnvironment env, Function<String, Optional<String>> uid);
    }

    private static ScanRuntimeProvider provider(BrookSource<?> source, StreamBuilder builder) {
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(
                    ProviderContext providerContext, StreamExecutionEnvironment env) {
                return builder.build(env, providerContext::generateUid);
            }

            @Override
            public boolean isBounded() {
                return source.getBoundedness() == Boundedness.BOUNDED;
            }
        };
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        return BrookMetadata.readable();
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        for (String key : metadataKeys) {
            BrookMetadata.of(key);
        }
        this.metadataKeys = List.copyOf(metadataKeys);
        this.producedType = producedDataType;
    }

    @Override
    public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        this.watermarkStrategy = watermarkStrategy;
    }

    @Override
    public DynamicTableSource copy() {
        BrookDynamicSource copy =
                new BrookDynamicSource(settings, errors, format, physicalType, tableName);
        copy.metadataKeys = metadataKeys;
        copy.producedType = producedType;
        copy.watermarkStrategy = watermarkStrategy;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Brook(" + tableName + ": " + settings.stream() + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BrookDynamicSource)) {
            return false;
        }
        BrookDynamicSource that = (BrookDynamicSource) o;
        return settings.equals(that.settings)
                && errors.equals(that.errors)
                && format.equals(that.format)
                && physicalType.equals(that.physicalType)
                && metadataKeys.equals(that.metadataKeys)
                && Objects.equals(watermarkStrategy, that.watermarkStrategy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(settings, physicalType, metadataKeys);
    }
}
