package dev.brook.firehose.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.TreeNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

/** Builds the {@link JsonValueReader} for each column type of a schema. */
final class JsonReaders {

    private JsonReaders() {}

    static JsonValueReader of(LogicalType type, String path, KeyNormalizer keys) {
        switch (type.getTypeRoot()) {
            case ARRAY:
                return new ArrayReader(path, (ArrayType) type, keys);
            case MAP:
                return new MapReader(path, (MapType) type, keys);
            case ROW:
                return new RowReader((RowType) type, path, Map.of(), keys);
            default:
                return scalar(type, path);
        }
    }

    static ScalarReader scalar(LogicalType type, String path) {
        switch (type.getTypeRoot()) {
            case CHAR:
                return new StringReader(path, type, ((CharType) type).getLength());
            case VARCHAR:
                return new StringReader(path, type, ((VarCharType) type).getLength());
            case BOOLEAN:
                return new BooleanReader(path, type);
            case TINYINT:
                return new IntegerReader(path, type, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SMALLINT:
                return new IntegerReader(path, type, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER:
                return new IntegerReader(path, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT:
                return new IntegerReader(path, type, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT:
            case DOUBLE:
                return new FloatingReader(path, type);
            case DECIMAL:
                return new DecimalReader(path, (DecimalType) type);
            case DATE:
                return new DateReader(path, type);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return new TimestampReader(path, (TimestampType) type);
            case BINARY:
                return new BinaryReader(path, type, ((BinaryType) type).getLength());
            case VARBINARY:
                return new BinaryReader(path, type, ((VarBinaryType) type).getLength());
            default:
                throw new IllegalArgumentException(
                        "Column '" + path + "' has unsupported type " + type.asSummaryString());
        }
    }

    /**
     * Strings take any JSON scalar as its text, and objects or arrays as their JSON (OpenX keeps
     * nested JSON in a string column); longer than the declared length is an error, not a cut.
     */
    private static final class StringReader extends ScalarReader {
        private final int maxLength;

        StringReader(String path, LogicalType type, int maxLength) {
            super(path, type);
            this.maxLength = maxLength;
        }

        @Override
        public Object read(JsonParser p) throws IOException, FormatConversionException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                TreeNode tree = p.readValueAsTree();
                return fromText(tree.toString());
            }
            return fromText(p.getText());
        }

        @Override
        Object fromText(String text) throws FormatConversionException {
            if (text.length() > maxLength) {
                throw cannotConvertText(
                        text, text.length() + " characters, longer than " + maxLength);
            }
            return StringData.fromString(text);
        }
    }

    private static final class BooleanReader extends ScalarReader {
        BooleanReader(String path, LogicalType type) {
            super(path, type);
        }

        @Override
        Object fromBoolean(boolean value) {
            return value;
        }

        @Override
        Object fromText(String text) throws FormatConversionException {
            String t = text.trim();
            if (t.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (t.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw cannotConvertText(text, "expected true or false");
        }
    }

    /** TINYINT to BIGINT: whole numbers in the type's range, as JSON numbers or strings. */
    private static final class IntegerReader extends ScalarReader {
        private final long min;
        private final long max;

        IntegerReader(String path, LogicalType type, long min, long max) {
            super(path, type);
            this.min = min;
            this.max = max;
        }

        @Override
        Object fromInteger(JsonParser p) throws IOException, FormatConversionException {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw outOfRange(p.getText());
            }
            return box(p.getLongValue(), p.getText());
        }

        @Override
        Object fromDecimal(JsonParser p) throws IOException, FormatConversionException {
            throw cannotConvert(p.getText(), "not a whole number");
        }

        @Override
        Object fromText(String text) throws FormatConversionException {
            long value;
            try {
                value = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                try {
                    new BigInteger(text.trim());
                } catch (NumberFormatException notAnInteger) {
                    throw cannotConvertText(text, "not a whole number");
                }
                throw outOfRange(shorten(text));
            }
            return box(value, shorten(text));
        }

        private Object box(long value, String shown) throws FormatConversionException {
            if (value < min || value > max) {
                throw outOfRange(shown);
            }
            switch (type.getTypeRoot()) {
                case TINYINT:
                    return (byte) value;
                case SMALLINT:
                    return (short) value;
                case INTEGER:
                    return (int) value;
                default:
                    return value;
            }
        }

        private FormatConversionException outOfRange(String shown) {
            return cannotConvert(shown, "out of range [" + min + ", " + max + "]");
        }
    }

    private static final class FloatingReader extends ScalarReader {
        private final boolean isFloat;

        FloatingReader(String path, LogicalType type) {
            super(path, type);
            this.isFloat =
                    type.getTypeRoot()
                            == org.apache.flink.table.types.logical.LogicalTypeRoot.FLOAT;
        }

        @Override
        Object fromInteger(JsonParser p) throws IOException {
            return box(p.getDoubleValue());
        }

        @Override
        Object fromDecimal(JsonParser p) throws IOException {
            return box(p.getDoubleValue());
        }

        @Override
        Object fromText(String text) throws FormatConversionException {
            try {
                return box(Double.parseDouble(text.trim()));
            } catch (NumberFormatException e) {
                throw cannotConvertText(text, "not a number");
            }
        }

        private Object box(double value) {
            return isFloat ? (Object) (float) value : (Object) value;
        }
    }

    /** DECIMAL(p,s): rounded half-up to the scale, as Hive does; too many digits is an error. */
    private static final class DecimalReader extends ScalarReader {
        private final int precision;
        private final int scale;

        DecimalReader(String path, DecimalType type) {
            super(path, type);
            this.precision = type.getPrecision();
            this.scale = type.getScale();
        }

        @Override
        Object fromInteger(JsonParser p) throws IOException, FormatConversionException {
            return convert(p.getDecimalValue(), p.getText());
        }

        @Override
        Object fromDecimal(JsonParser p) throws IOException, FormatConversionException {
            return convert(p.getDecimalValue(), p.getText());
        }

        @Override
        Object fromText(String text) throws FormatConversionException {
            BigDecimal value;
            try {
                value = new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                throw cannotConvertText(text, "not a number");
            }
            return convert(value, shorten(text));
        }

        private Object convert(BigDecimal value, String shown) throws FormatConversionException {
            DecimalData data =
                    DecimalData.fromBigDecimal(
                            value.setScale(scale, RoundingMode.HALF_UP), precision, scale);
            if (data == null) {
                throw cannotConvert(
                        shown, "more than " + (precision - scale) + " digits before the point");
            }
            return data;
        }
    }

    /** DATE from an ISO date string, yyyy-MM-dd. */
    private static final class DateReader extends ScalarReader {
        DateReader(String path, LogicalType type) {
            super(path, type);
        }

        @Override
        Object fromText(String text) throws FormatConversionException {
            try {
                return (int) LocalDate.parse(text.trim()).toEpochDay();
            } catch (DateTimeException e) {
                throw cannotConvertText(text, "expected a date as yyyy-MM-dd");
            }
        }
    }

    /** TIMESTAMP(p) in the forms Firehose's OpenX SerDe accepts; see {@link Timestamps}. */
    private static final class TimestampReader extends ScalarReader {
        private final int precision;

        TimestampReader(String path, TimestampType type) {
            super(path, type);
            this.precision = type.getPrecision();
        }

        @Override
        Object fromInteger(JsonParser p) throws IOException, FormatConversionException {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw cannotConvert(p.getText(), "out of range");
            }
            return Timestamps.fromEpochNumber(p.getLongValue(), precision);
        }

        @Override
        Object fromDecimal(JsonParser p) throws IOException, FormatConversionException {
            return convertSeconds(p.getDecimalValue(), p.getText());
        }

        @Override
        Object fromText(String text) throws FormatConversionException {
            try {
                return Timestamps.fromText(text.trim(), precision);
            } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
                throw cannotConvertText(text, Timestamps.FORMATS);
            }
        }

        private Object convertSeconds(BigDecimal seconds, String text)
                throws FormatConversionException {
            try {
                return Timestamps.fromEpochSeconds(seconds, precision);
            } catch (DateTimeException | ArithmeticException e) {
                throw cannotConvert(text, "out of range");
            }
        }
    }

    /** Binary columns from base64 strings (JSON has no bytes). */
    private static final class BinaryReader extends ScalarReader {
        private final int maxLength;

        BinaryReader(String path, LogicalType type, int maxLength) {
            super(path, type);
            this.maxLength = maxLength;
        }

        @Override
        Object fromText(String text) throws FormatConversionException {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text.trim());
            } catch (IllegalArgumentException e) {
                throw cannotConvertText(text, "expected base64");
            }
            if (bytes.length > maxLength) {
                throw cannotConvertText(text, bytes.length + " bytes, longer than " + maxLength);
            }
            return bytes;
        }
    }

    private static final class ArrayReader implements JsonValueReader {
        private final String path;
        private final String elementPath;
        private final JsonValueReader elements;
        private final boolean elementsNullable;

        ArrayReader(String path, ArrayType type, KeyNormalizer keys) {
            this.path = path;
            this.elementPath = path + "[]";
            this.elements = of(type.getElementType(), elementPath, keys);
            this.elementsNullable = type.getElementType().isNullable();
        }

        @Override
        public Object read(JsonParser p) throws IOException, FormatConversionException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw new FormatConversionException(
                        path, "expected a JSON array but got " + ScalarReader.describe(p));
            }
            List<Object> values = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                int index = values.size();
                try {
                    values.add(readNullable(p, elements, elementsNullable, elementPath));
                } catch (FormatConversionException e) {
                    throw e.at(elementPath, path + "[" + index + "]");
                }
            }
            return new GenericArrayData(values.toArray());
        }
    }

    /** Maps from JSON objects; keys are kept as written (no case or dot normalization). */
    private static final class MapReader implements JsonValueReader {
        private final String path;
        private final String valuePath;
        private final ScalarReader keys;
        private final JsonValueReader values;
        private final boolean valuesNullable;

        MapReader(String path, MapType type, KeyNormalizer normalizer) {
            this.path = path;
            this.valuePath = path + "{}";
            this.keys = scalar(type.getKeyType(), path + "{key}");
            this.values = of(type.getValueType(), valuePath, normalizer);
            this.valuesNullable = type.getValueType().isNullable();
        }

        @Override
        public Object read(JsonParser p) throws IOException, FormatConversionException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new FormatConversionException(
                        path, "expected a JSON object but got " + ScalarReader.describe(p));
            }
            Map<Object, Object> map = new HashMap<>();
            String name;
            while ((name = p.nextFieldName()) != null) {
                p.nextToken();
                try {
                    map.put(
                            keys.fromText(name),
                            readNullable(p, values, valuesNullable, valuePath));
                } catch (FormatConversionException e) {
                    throw e.at(valuePath, path + "['" + name + "']");
                }
            }
            return new GenericMapData(map);
        }
    }

    /** Reads a value that may be JSON null; null for a NOT NULL type is an error. */
    static Object readNullable(JsonParser p, JsonValueReader reader, boolean nullable, String path)
            throws IOException, FormatConversionException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            if (!nullable) {
                throw new FormatConversionException(path, "is NOT NULL but the value is null");
            }
            return null;
        }
        return reader.read(p);
    }
}
