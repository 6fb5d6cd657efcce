package dev.brook.sql.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Flink SQL type inferred for a field from the values seen so far, and how it widens when
 * another value comes. Widening is commutative and associative, so the inferred type does not
 * depend on the order the records were sampled in; a type that cannot hold both values is {@code
 * STRING}, which holds anything a JSON or CSV field can be.
 *
 * <p>Exact numbers keep how many integer digits and which fractional scale they had: integers are
 * {@code INT} while they fit, then {@code BIGINT}, then {@code DECIMAL(p, 0)}; decimals are {@code
 * DECIMAL} while every fractional value has the same scale (money: {@code 19.99}, {@code 5.00}),
 * {@code DOUBLE} when the scales differ or a value has an exponent. Strings are {@code DATE} or a
 * timestamp only when every value has the same one of the layouts Flink's json and csv formats
 * parse.
 */
public final class FieldType {
    /** What a field holds. */
    public enum Kind {
        /** Only nulls seen yet. */
        NULL,
        BOOLEAN,
        /** An exact number: see {@link #integerDigits()}, {@link #scale()}. */
        EXACT,
        DOUBLE,
        DATE,
        /** {@code 2024-05-01 10:00:00[.fff]} or, with {@link #isoSeparator()}, {@code ...T...}. */
        TIMESTAMP,
        /** A timestamp ending in {@code Z}: an instant, Flink's {@code TIMESTAMP_LTZ}. */
        TIMESTAMP_LTZ,
        STRING,
        ROW,
        ARRAY
    }

    /** Epoch milliseconds from 2001-09-09 to 2100-01-01: a BIGINT in this range may be a time. */
    static final long MIN_EPOCH_MILLIS = 1_000_000_000_000L;

    static final long MAX_EPOCH_MILLIS = 4_102_444_800_000L;

    private static final int MAX_DECIMAL_PRECISION = 38;

    /** A DECIMAL's precision leaves room for values this many digits wider than any seen. */
    private static final int DECIMAL_HEADROOM = 4;

    private static final int MIN_DECIMAL_PRECISION = 10;

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}([ T])\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z?)");
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9]\\d*)");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");
    // 007, 02139: identifiers and codes, whose zeros a number would lose.
    private static final Pattern LEADING_ZERO = Pattern.compile("-?0\\d+");

    public static final FieldType NULL = new FieldType(Kind.NULL);
    public static final FieldType BOOLEAN = new FieldType(Kind.BOOLEAN);
    public static final FieldType DOUBLE = new FieldType(Kind.DOUBLE);
    public static final FieldType DATE_TYPE = new FieldType(Kind.DATE);
    public static final FieldType STRING = new FieldType(Kind.STRING);

    private final Kind kind;
    // EXACT: digits before the point; the fractional scale, -1 while every value was an integer;
    // whether every value fits INT / BIGINT; whether every value is plausible epoch millis.
    private final int integerDigits;
    private final int scale;
    private final boolean fitsInt;
    private final boolean fitsLong;
    private final boolean epochMillis;
    // TIMESTAMP, TIMESTAMP_LTZ: 'T' between date and time rather than a space.
    private final boolean isoSeparator;
    // ROW: fields in the order first seen; ARRAY: the element type.
    private final Map<String, FieldType> fields;
    private final FieldType element;

    private FieldType(Kind kind) {
        this(kind, 0, -1, false, false, false, false, Map.of(), null);
    }

    private FieldType(
            Kind kind,
            int integerDigits,
            int scale,
            boolean fitsInt,
            boolean fitsLong,
            boolean epochMillis,
            boolean isoSeparator,
            Map<String, FieldType> fields,
            FieldType element) {
        this.kind = kind;
        this.integerDigits = integerDigits;
        this.scale = scale;
        this.fitsInt = fitsInt;
        this.fitsLong = fitsLong;
        this.epochMillis = epochMillis;
        this.isoSeparator = isoSeparator;
        this.fields = fields;
        this.element = element;
    }

    static FieldType exact(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros().scale() <= 0 ? value.setScale(0) : value;
        boolean integral = v.scale() <= 0;
        int intDigits = Math.max(1, v.precision() - v.scale());
        boolean fitsLong = integral && v.unscaledValue().bitLength() < 64;
        long l = fitsLong ? v.longValueExact() : 0;
        return new FieldType(
                Kind.EXACT,
                intDigits,
                integral ? -1 : v.scale(),
                fitsLong && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE,
                fitsLong,
                fitsLong && l >= MIN_EPOCH_MILLIS && l <= MAX_EPOCH_MILLIS,
                false,
                Map.of(),
                null);
    }

    static FieldType timestamp(boolean iso, boolean instant) {
        return new FieldType(
                instant ? Kind.TIMESTAMP_LTZ : Kind.TIMESTAMP,
                0,
                -1,
                false,
                false,
                false,
                iso,
                Map.of(),
                null);
    }

    static FieldType row(Map<String, FieldType> fields) {
        return new FieldType(
                Kind.ROW,
                0,
                -1,
                false,
                false,
                false,
                false,
                Collections.unmodifiableMap(new LinkedHashMap<>(fields)),
                null);
    }

    static FieldType array(FieldType element) {
        return new FieldType(Kind.ARRAY, 0, -1, false, false, false, false, Map.of(), element);
    }

    /** The type of one JSON value. Strings are only ever dates, timestamps or strings. */
    public static FieldType ofJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NULL;
        }
        if (node.isBoolean()) {
            return BOOLEAN;
        }
        if (node.isIntegralNumber()) {
            return exact(new BigDecimal(node.bigIntegerValue()));
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? ofDecimalText(node.decimalValue().toString()) : DOUBLE;
        }
        if (node.isTextual()) {
            return ofTemporalText(node.textValue());
        }
        if (node.isArray()) {
            FieldType e = NULL;
            for (JsonNode item : node) {
                e = e.widen(ofJson(item));
            }
            return array(e);
        }
        if (node.isObject()) {
            Map<String, FieldType> f = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                f.put(e.getKey(), ofJson(e.getValue()));
            }
            return row(f);
        }
        return STRING;
    }

    /** The type of one CSV value: numbers and booleans are read from the text too. */
    public static FieldType ofCsv(String text) {
        if (text == null || text.isEmpty()) {
            return NULL;
        }
        if (text.equals("true") || text.equals("false")) {
            return BOOLEAN;
        }
        if (INTEGER.matcher(text).matches()) {
            return exact(new BigDecimal(text));
        }
        if (DECIMAL.matcher(text).matches()) {
            return ofDecimalText(text);
        }
        FieldType temporal = ofTemporalText(text);
        if (temporal != STRING) {
            return temporal;
        }
        if (looksLikeDouble(text) && !LEADING_ZERO.matcher(text).matches()) {
            return DOUBLE;
        }
        return STRING;
    }

    /** A plain decimal keeps its written scale (20.50 is scale 2); an exponent makes it DOUBLE. */
    private static FieldType ofDecimalText(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            return DOUBLE;
        }
        BigDecimal d = new BigDecimal(text);
        return d.scale() == 0 ? exact(d) : exact(d).withScale(d.scale());
    }

    private FieldType withScale(int s) {
        return new FieldType(
                Kind.EXACT, integerDigits, s, false, false, false, false, Map.of(), null);
    }

    private static boolean looksLikeDouble(String text) {
        if (!text.matches("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return false;
        }
        return Double.isFinite(Double.parseDouble(text));
    }

    private static FieldType ofTemporalText(String text) {
        if (DATE.matcher(text).matches()) {
            return DATE_TYPE;
        }
        Matcher m = TIMESTAMP.matcher(text);
        if (m.matches()) {
            return timestamp(m.group(1).equals("T"), !m.group(3).isEmpty());
        }
        return STRING;
    }

    /** The narrowest type holding values of both types. */
    public FieldType widen(FieldType other) {
        if (kind == Kind.NULL) {
            return other;
        }
        if (other.kind == Kind.NULL) {
            return this;
        }
        if (kind == Kind.STRING || other.kind == Kind.STRING) {
            return STRING;
        }
        boolean thisNumeric = kind == Kind.EXACT || kind == Kind.DOUBLE;
        boolean otherNumeric = other.kind == Kind.EXACT || other.kind == Kind.DOUBLE;
        if (thisNumeric && otherNumeric) {
            return widenNumbers(other);
        }
        if (kind != other.kind) {
            return STRING;
        }
        switch (kind) {
            case TIMESTAMP:
            case TIMESTAMP_LTZ:
                return isoSeparator == other.isoSeparator ? this : STRING;
            case ROW:
                Map<String, FieldType> merged = new LinkedHashMap<>(fields);
                other.fields.forEach((name, t) -> merged.merge(name, t, FieldType::widen));
                return row(merged);
            case ARRAY:
                return array(element.widen(other.element));
            default:
                return this; // BOOLEAN, DATE
        }
    }

    private FieldType widenNumbers(FieldType other) {
        if (kind == Kind.DOUBLE || other.kind == Kind.DOUBLE) {
            return DOUBLE;
        }
        int s;
        if (scale < 0) {
            s = other.scale;
        } else if (other.scale < 0 || other.scale == scale) {
            s = scale;
        } else {
            return DOUBLE; // 20.5 and 22.25: measurements, not fixed-point amounts
        }
        return new FieldType(
                Kind.EXACT,
                Math.max(integerDigits, other.integerDigits),
                s,
                fitsInt && other.fitsInt,
                fitsLong && other.fitsLong,
                epochMillis && other.epochMillis,
                false,
                Map.of(),
                null);
    }

    /** The type as Flink SQL writes it; a field only ever null is a STRING. */
    public String sql() {
        switch (kind) {
            case NULL:
            case STRING:
                return "STRING";
            case BOOLEAN:
                return "BOOLEAN";
            case DOUBLE:
                return "DOUBLE";
            case DATE:
                return "DATE";
            case TIMESTAMP:
                return "TIMESTAMP(3)";
            case TIMESTAMP_LTZ:
                return "TIMESTAMP_LTZ(3)";
            case EXACT:
                return exactSql();
            case ROW:
                List<String> parts = new ArrayList<>();
                fields.forEach((name, t) -> parts.add(Identifiers.quote(name) + " " + t.sql()));
                return "ROW<" + String.join(", ", parts) + ">";
            case ARRAY:
                return "ARRAY<" + element.sql() + ">";
            default:
                throw new IllegalStateException("unknown kind " + kind);
        }
    }

    private String exactSql() {
        if (scale < 0) {
            if (fitsInt) {
                return "INT";
            }
            if (fitsLong) {
                return "BIGINT";
            }
            return integerDigits <= MAX_DECIMAL_PRECISION
                    ? "DECIMAL(" + integerDigits + ", 0)"
                    : "DOUBLE";
        }
        int needed = integerDigits + scale;
        if (needed > MAX_DECIMAL_PRECISION) {
            return "DOUBLE";
        }
        int precision =
                Math.min(
                        MAX_DECIMAL_PRECISION,
                        Math.max(MIN_DECIMAL_PRECISION, needed + DECIMAL_HEADROOM));
        return "DECIMAL(" + precision + ", " + scale + ")";
    }

    public Kind kind() {
        return kind;
    }

    /** EXACT: the most digits before the point any value had. */
    public int integerDigits() {
        return integerDigits;
    }

    /** EXACT: the scale of the fractional values, -1 when every value was an integer. */
    public int scale() {
        return scale;
    }

    /** EXACT: every value an integer within 2001-09-09 to 2100-01-01 as epoch milliseconds. */
    public boolean isEpochMillis() {
        return kind == Kind.EXACT && scale < 0 && fitsLong && epochMillis;
    }

    /** TIMESTAMP and TIMESTAMP_LTZ: written with a {@code T} between date and time. */
    public boolean isoSeparator() {
        return isoSeparator;
    }

    public Map<String, FieldType> fields() {
        return fields;
    }

    public FieldType element() {
        return element;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldType)) {
            return false;
        }
        FieldType t = (FieldType) o;
        return kind == t.kind
                && integerDigits == t.integerDigits
                && scale == t.scale
                && fitsInt == t.fitsInt
                && fitsLong == t.fitsLong
                && epochMillis == t.epochMillis
                && isoSeparator == t.isoSeparator
                && fields.equals(t.fields)
                && Objects.equals(element, t.element);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, integerDigits, scale, fields, element);
    }

    @Override
    public String toString() {
        return sql();
    }
}
