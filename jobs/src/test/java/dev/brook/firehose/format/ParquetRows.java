package dev.brook.firehose.format;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Parquet files read back with parquet-hadoop's own reader (its example Group model), as rows of
 * plain Java values in {@link JavaValues}' form, so tests compare them with the rows written.
 */
public final class ParquetRows {
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;

    private ParquetRows() {}

    /** Every row of the Parquet file {@code file}, read as {@code type}. */
    public static List<List<Object>> read(Path file, RowType type) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (ParquetReader<Group> reader =
                ParquetReader.builder(
                                new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
                        .build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(row(g, type));
            }
        }
        return rows;
    }

    static List<Object> row(Group group, RowType type) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
            row.add(value(group, type.getFieldNames().get(i), type.getTypeAt(i)));
        }
        return row;
    }

    private static Object value(Group group, String field, LogicalType type) {
        if (group.getFieldRepetitionCount(field) == 0) {
            return null;
        }
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return group.getString(field, 0);
            case BOOLEAN:
                return group.getBoolean(field, 0);
            case TINYINT:
                return (byte) group.getInteger(field, 0);
            case SMALLINT:
                return (short) group.getInteger(field, 0);
            case INTEGER:
                return group.getInteger(field, 0);
            case BIGINT:
                return group.getLong(field, 0);
            case FLOAT:
                return group.getFloat(field, 0);
            case DOUBLE:
                return group.getDouble(field, 0);
            case DATE:
                return LocalDate.ofEpochDay(group.getInteger(field, 0));
            case DECIMAL:
                {
                    int scale = ((DecimalType) type).getScale();
                    PrimitiveType.PrimitiveTypeName physical =
                            group.getType().getType(field).asPrimitiveType().getPrimitiveTypeName();
                    BigInteger unscaled =
                            physical == PrimitiveType.PrimitiveTypeName.INT32
                                    ? BigInteger.valueOf(group.getInteger(field, 0))
                                    : physical == PrimitiveType.PrimitiveTypeName.INT64
                                            ? BigInteger.valueOf(group.getLong(field, 0))
                                            : new BigInteger(group.getBinary(field, 0).getBytes());
                    return new BigDecimal(unscaled, scale);
                }
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                {
                    // INT96: nanos of the day, then the Julian day, little-endian.
                    Binary int96 = group.getInt96(field, 0);
                    ByteBuffer buf = int96.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                    long nanosOfDay = buf.getLong();
                    long julianDay = buf.getInt();
                    return LocalDate.ofEpochDay(julianDay - JULIAN_DAY_OF_EPOCH)
                            .atStartOfDay()
                            .plusNanos(nanosOfDay);
                }
            case BINARY:
            case VARBINARY:
                return HexFormat.of().formatHex(group.getBinary(field, 0).getBytes());
            case ARRAY:
                {
                    // <field> (LIST) { repeated group list { element } }
                    Group list = group.getGroup(field, 0);
                    LogicalType elementType = ((ArrayType) type).getElementType();
                    List<Object> values = new ArrayList<>();
                    Type repeated = list.getType().getType(0);
                    for (int j = 0; j < list.getFieldRepetitionCount(0); j++) {
                        Group entry = list.getGroup(0, j);
                        values.add(
                                value(
                                        entry,
                                        repeated.asGroupType().getType(0).getName(),
                                        elementType));
                    }
                    return values;
                }
            case MAP:
                {
                    // <field> (MAP) { repeated group key_value { key; value } }
                    Group map = group.getGroup(field, 0);
                    MapType mapType = (MapType) type;
                    Map<Object, Object> values = new HashMap<>();
                    for (int j = 0; j < map.getFieldRepetitionCount(0); j++) {
                        Group entry = map.getGroup(0, j);
                        values.put(
                                value(entry, "key", mapType.getKeyType()),
                                value(entry, "value", mapType.getValueType()));
                    }
                    return values;
                }
            case ROW:
                return row(group.getGroup(field, 0), (RowType) type);
            default:
                throw new AssertionError(type);
        }
    }
}
