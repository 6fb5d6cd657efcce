package dev.brook.table;

import dev.brook.sink.BrookSerializationSchema;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Base64;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.utils.ProjectedRowData;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Encodes a row's physical columns with the table's format; the partition key is the writable
 * {@code partition_key} metadata column when present and not null, else the key columns' values
 * joined with {@code '|'}.
 */
final class RowDataRecordSerializer implements BrookSerializationSchema<RowData> {
    private static final long serialVersionUID = 1L;

    private final SerializationSchema<RowData> format;
    private final int[] physical;
    private final int partitionKeyPos;
    private final KeyField[] keyFields;
    private final String table;
    private transient ProjectedRowData projected;

    /**
     * @param physical positions of the physical columns in the consumed row
     * @param partitionKeyPos position of the partition_key metadata column, or -1
     * @param keyFields the key columns (PARTITIONED BY or 'sink.partition-key'), maybe none
     */
    RowDataRecordSerializer(
            SerializationSchema<RowData> format,
            int[] physical,
            int partitionKeyPos,
            KeyField[] keyFields,
            String table) {
        this.format = format;
        this.physical = physical;
        this.partitionKeyPos = partitionKeyPos;
        this.keyFields = keyFields;
        this.table = table;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context) throws Exception {
        format.open(context);
    }

    @Override
    public String partitionKey(RowData row) {
        if (partitionKeyPos >= 0 && !row.isNullAt(partitionKeyPos)) {
            return row.getString(partitionKeyPos).toString();
        }
        if (keyFields.length == 0) {
            throw new IllegalArgumentException(
                    "table "
                            + table
                            + ": a row has a null partition_key and the table has no key"
                            + " columns (PARTITIONED BY or 'sink.partition-key') to fall back to");
        }
        if (keyFields.length == 1) {
            return keyFields[0].format(row);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keyFields.length; i++) {
            if (i > 0) {
                b.append(BrookConnectorOptions.PARTITION_KEY_SEPARATOR);
            }
            b.append(keyFields[i].format(row));
        }
        return b.toString();
    }

    @Override
    public byte[] data(RowData row) {
        if (projected == null) {
            projected = ProjectedRowData.from(physical);
        }
        projected.replaceRow(row);
        projected.setRowKind(row.getRowKind());
        return format.serialize(projected);
    }

    /** A key column: its position in the consumed row and how its value becomes text. */
    static final class KeyField implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final int pos;
        private final LogicalType type;
        private transient RowData.FieldGetter getter;

        KeyField(int pos, LogicalType type) {
            this.pos = pos;
            this.type = type;
        }

        /**
         * The value as text: strings as they are, numbers and booleans as Java prints them, DATE as
         * yyyy-MM-dd, TIME as HH:mm[:ss[.fff]], TIMESTAMP as ISO-8601 local date-time,
         * TIMESTAMP_LTZ as an ISO-8601 UTC instant, BYTES as Base64, NULL as the text "null".
         */
        String format(RowData row) {
            if (getter == null) {
                getter = RowData.createFieldGetter(type, pos);
            }
            Object v = getter.getFieldOrNull(row);
            if (v == null) {
                return "null";
            }
            switch (type.getTypeRoot()) {
                case DATE:
                    return LocalDate.ofEpochDay((Integer) v).toString();
                case TIME_WITHOUT_TIME_ZONE:
                    return LocalTime.ofNanoOfDay((Integer) v * 1_000_000L).toString();
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                    return ((TimestampData) v).toLocalDateTime().toString();
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    return ((TimestampData) v).toInstant().toString();
                case BINARY:
                case VARBINARY:
                    return Base64.getEncoder().encodeToString((byte[]) v);
                default:
                    return v.toString();
            }
        }
    }
}
