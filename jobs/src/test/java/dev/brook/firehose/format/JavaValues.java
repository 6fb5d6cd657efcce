package dev.brook.firehose.format;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Flink's internal row data as plain comparable Java values: rows and arrays as lists, maps as
 * maps, strings, BigDecimal, LocalDate, LocalDateTime, bytes as hex. Tests compare converter output
 * and what Parquet/ORC readers return in this one form.
 */
final class JavaValues {
    private JavaValues() {}

    static List<Object> row(RowData row, RowType type) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
            values.add(
                    row.isNullAt(i)
                            ? null
                            : of(
                                    RowData.createFieldGetter(type.getTypeAt(i), i)
                                            .getFieldOrNull(row),
                                    type.getTypeAt(i)));
        }
        return values;
    }

    static Object of(Object value, LogicalType type) {
        if (value == null) {
            return null;
        }
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return ((StringData) value).toString();
            case DECIMAL:
                return ((DecimalData) value).toBigDecimal();
            case DATE:
                return LocalDate.ofEpochDay((Integer) value);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return ((TimestampData) value).toLocalDateTime();
            case BINARY:
            case VARBINARY:
                return HexFormat.of().formatHex((byte[]) value);
            case ARRAY:
                {
                    ArrayData array = (ArrayData) value;
                    LogicalType elementType = ((ArrayType) type).getElementType();
                    ArrayData.ElementGetter getter = ArrayData.createElementGetter(elementType);
                    List<Object> list = new ArrayList<>();
                    for (int i = 0; i < array.size(); i++) {
                        list.add(of(getter.getElementOrNull(array, i), elementType));
                    }
                    return list;
                }
            case MAP:
                {
                    MapData map = (MapData) value;
                    MapType mapType = (MapType) type;
                    List<Object> keys =
                            (List<Object>) of(map.keyArray(), new ArrayType(mapType.getKeyType()));
                    List<Object> values =
                            (List<Object>)
                                    of(map.valueArray(), new ArrayType(mapType.getValueType()));
                    Map<Object, Object> result = new HashMap<>();
                    for (int i = 0; i < keys.size(); i++) {
                        result.put(keys.get(i), values.get(i));
                    }
                    return result;
                }
            case ROW:
                return row((RowData) value, (RowType) type);
            default:
                return value; // Boolean, Byte, Short, Integer, Long, Float, Double
        }
    }

    static BigDecimal decimal(String text) {
        return new BigDecimal(text);
    }
}
