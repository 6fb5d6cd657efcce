package dev.brook.table;

import dev.brook.sink.BrookSink;
import dev.brook.table.RowDataRecordSerializer.KeyField;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsPartitioning;
import org.apache.flink.table.connector.sink.abilities.SupportsWritingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Writes a table into a Brook stream: the format encodes the physical columns as the record's data;
 * the partition key comes from a writable {@code partition_key} metadata column, else from the
 * PARTITIONED BY (or {@code sink.partition-key}) columns joined with {@code '|'}.
 */
public final class BrookDynamicSink
        implements DynamicTableSink, SupportsWritingMetadata, SupportsPartitioning {

    /** What the sink writes, as the options gave it. */
    public record Settings(
            String root,
            String stream,
            DeliveryGuarantee deliveryGuarantee,
            Duration flushInterval,
            MemorySize batchSize,
            boolean routeByShard,
            List<String> keyColumns,
            Integer parallelism)
            implements java.io.Serializable {}

    private final Settings settings;
    private final EncodingFormat<SerializationSchema<RowData>> format;
    private final DataType physicalType;
    private final String tableName;
    private List<String> metadataKeys = List.of();

    BrookDynamicSink(
            Settings settings,
            EncodingFormat<SerializationSchema<RowData>> format,
            DataType physicalType,
            String tableName) {
        this.settings = settings;
        this.format = format;
        this.physicalType = physicalType;
        this.tableName = tableName;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return format.getChangelogMode();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        RowType physicalRow = (RowType) physicalType.getLogicalType();
        int physicalArity = physicalRow.getFieldCount();
        int[] physical = new int[physicalArity];
        for (int i = 0; i < physicalArity; i++) {
            physical[i] = i;
        }
        // Writable metadata columns follow the physical ones in the consumed row.
        int partitionKeyPos =
                metadataKeys.contains(BrookMetadata.WRITABLE_PARTITION_KEY)
                        ? physicalArity + metadataKeys.indexOf(BrookMetadata.WRITABLE_PARTITION_KEY)
                        : -1;
        KeyField[] keyFields = new KeyField[settings.keyColumns().size()];
        for (int i = 0; i < keyFields.length; i++) {
            int pos = physicalRow.getFieldIndex(settings.keyColumns().get(i));
            keyFields[i] = new KeyField(pos, physicalRow.getTypeAt(pos));
        }
        if (partitionKeyPos < 0 && keyFields.length == 0) {
            throw new ValidationException(
                    "table "
                            + tableName
                            + " has no partition key for the records it writes: declare"
                            + " PARTITIONED BY (columns), a column 'partition_key STRING"
                            + " METADATA', or the option '"
                            + BrookConnectorOptions.SINK_PARTITION_KEY.key()
                            + "'");
        }
        SerializationSchema<RowData> encoder = format.createRuntimeEncoder(context, physicalType);
        BrookSink<RowData> sink =
                BrookSink.<RowData>builder().root(settings.root()).stream(settings.stream())
                        .serializer(
                                new RowDataRecordSerializer(
                                        encoder, physical, partitionKeyPos, keyFields, tableName))
                        .deliveryGuarantee(settings.deliveryGuarantee())
                        .flushInterval(settings.flushInterval())
                        .batchSize(settings.batchSize())
                        .routeByShard(settings.routeByShard())
                        .build();
        return SinkV2Provider.of(sink, settings.parallelism());
    }

    @Override
    public Map<String, DataType> listWritableMetadata() {
        Map<String, DataType> m = new LinkedHashMap<>();
        m.put(BrookMetadata.WRITABLE_PARTITION_KEY, DataTypes.STRING());
        return m;
    }

    @Override
    public void applyWritableMetadata(List<String> metadataKeys, DataType consumedDataType) {
        for (String key : metadataKeys) {
            if (!key.equals(BrookMetadata.WRITABLE_PARTITION_KEY)) {
                throw new ValidationException(
                        "metadata '"
                                + key
                                + "' cannot be written: a brook sink writes only"
                                + " partition_key");
            }
        }
        this.metadataKeys = List.copyOf(metadataKeys);
    }

    /**
     * {@code INSERT INTO t PARTITION (k = 'v')}: the planner fills the static values into the rows,
     * so the partition key is built from the rows alone.
     */
    @Override
    public void applyStaticPartition(Map<String, String> partition) {}

    @Override
    public boolean requiresPartitionGrouping(boolean supportsGrouping) {
        return false;
    }

    @Override
    public DynamicTableSink copy() {
        BrookDynamicSink copy = new BrookDynamicSink(settings, format, physicalType, tableName);
        copy.metadataKeys = metadataKeys;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Brook(" + tableName + ": " + settings.stream() + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BrookDynamicSink)) {
            return false;
        }
        BrookDynamicSink that = (BrookDynamicSink) o;
        return settings.equals(that.settings)
                && format.equals(that.format)
                && physicalType.equals(that.physicalType)
                && metadataKeys.equals(that.metadataKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(settings, physicalType, metadataKeys);
    }
}
