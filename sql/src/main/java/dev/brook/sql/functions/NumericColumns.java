package dev.brook.sql.functions;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.functions.TableSemantics;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.types.Row;

/**
 * The numeric columns of a table argument that a function works on, as Kinesis Data Analytics chose
 * them: every TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE (and, unlike Kinesis Data Analytics,
 * DECIMAL) column, in table order, except the PARTITION BY columns (constant within a partition)
 * and the {@code on_time} column.
 */
public final class NumericColumns {
    private final int[] positions;
    private final String[] names;
    private final LogicalType[] types;
    private final int[] partitionBy;

    private NumericColumns(
            int[] positions, String[] names, LogicalType[] types, int[] partitionBy) {
        this.positions = positions;
        this.names = names;
        this.types = types;
        this.partitionBy = partitionBy;
    }

    /** The numeric columns of the table argument {@code semantics} describes. */
    public static NumericColumns of(String function, TableSemantics semantics) {
        return of(
                function,
                semantics.dataType(),
                semantics.partitionByColumns(),
                semantics.timeColumn());
    }

    public static NumericColumns of(
            String function, DataType rowType, int[] partitionBy, int timeColumn) {
        NumericColumns columns = ofAny(rowType, partitionBy, timeColumn);
        if (columns.size() == 0) {
            throw new ValidationException(
                    function
                            + " needs at least one numeric column (TINYINT, SMALLINT, INT, BIGINT,"
                            + " FLOAT, DOUBLE or DECIMAL) outside the PARTITION BY columns, but the"
                            + " input has "
                            + rowType);
        }
        return columns;
    }

    /** The numeric columns, possibly none. */
    public static NumericColumns ofAny(DataType rowType, int[] partitionBy, int timeColumn) {
        List<String> fieldNames = DataType.getFieldNames(rowType);
        List<DataType> fieldTypes = DataType.getFieldDataTypes(rowType);
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < fieldNames.size(); i++) {
            final int pos = i;
            boolean isKey = Arrays.stream(partitionBy).anyMatch(k -> k == pos);
            if (isKey || pos == timeColumn) {
                continue;
            }
            if (isNumeric(fieldTypes.get(i).getLogicalType())) {
                positions.add(i);
            }
        }
        int[] pos = positions.stream().mapToInt(Integer::intValue).toArray();
        String[] names = new String[pos.length];
        LogicalType[] types = new LogicalType[pos.length];
        for (int i = 0; i < pos.length; i++) {
            names[i] = fieldNames.get(pos[i]);
            types[i] = fieldTypes.get(pos[i]).getLogicalType();
        }
        return new NumericColumns(pos, names, types, partitionBy.clone());
    }

    public static boolean isNumeric(LogicalType type) {
        switch (type.getTypeRoot()) {
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
            case DECIMAL:
                return true;
            default:
                return false;
        }
    }

    public static boolean isIntegral(LogicalType type) {
        LogicalTypeRoot root = type.getTypeRoot();
        return root == LogicalTypeRoot.TINYINT
                || root == LogicalTypeRoot.SMALLINT
                || root == LogicalTypeRoot.INTEGER
                || root == LogicalTypeRoot.BIGINT;
    }

    public int size() {
        return positions.length;
    }

    public String name(int column) {
        return names[column];
    }

    public LogicalType type(int column) {
        return types[column];
    }

    public int position(int column) {
        return positions[column];
    }

    /**
     * The row's values of these columns as doubles, or null when one of them is null, NaN or
     * infinite: such a row cannot be placed in space.
     */
    public double[] values(Row row) {
        double[] values = new double[positions.length];
        for (int i = 0; i < positions.length; i++) {
            Object value = row.getField(positions[i]);
            if (value == null) {
                return null;
            }
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                return null;
            }
            values[i] = d;
        }
        return values;
    }

    /** The row's PARTITION BY values, usable as a map key (empty without PARTITION BY). */
    public List<Object> partitionKey(Row row) {
        if (partitionBy.length == 0) {
            return List.of();
        }
        List<Object> key = new ArrayList<>(partitionBy.length);
        for (int k : partitionBy) {
            Object value = row.getField(k);
            // Arrays compare by identity; wrap BYTES keys so equal keys find the same entry.
            key.add(value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value);
        }
        return key;
    }
}
