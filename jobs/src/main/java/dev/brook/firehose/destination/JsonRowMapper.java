package dev.brook.firehose.destination;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.types.Row;

/**
 * Maps a JSON object onto the destination's columns the way Redshift's {@code COPY ... JSON 'auto'}
 * does: each top-level key goes to the column of the same name, compared without regard to case;
 * keys without a column are ignored; columns without a key get NULL. Every value is checked against
 * its column's type and limits here, so a record PostgreSQL would reject becomes a failed record
 * instead of failing the sink's batch and the job.
 */
final class JsonRowMapper implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter LOCAL_DATE_TIME =
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .append(DateTimeFormatter.ISO_LOCAL_TIME)
                    .toFormatter(Locale.ROOT);

    private final List<JdbcColumn> columns;
    private final Set<String> keyColumns;
    private transient Map<String, Integer> indexByLowerName;

    JsonRowMapper(List<JdbcColumn> columns, Set<String> keyColumns) {
        this.columns = List.copyOf(columns);
        this.keyColumns = Set.copyOf(keyColumns);
    }

    Row map(byte[] data) throws JdbcMappingException {
        JsonNode json;
        try {
            json = JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new JdbcMappingException(
                    JdbcMappingException.INVALID_JSON,
                    "record is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new JdbcMappingException(
                    JdbcMappingException.INVALID_JSON, "record is not JSON: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new JdbcMappingException(
                    JdbcMappingException.NOT_AN_OBJECT,
                    "record is JSON but not an object: "
                            + (json == null ? "empty" : json.getNodeType().toString()));
        }
        JsonNode[] values = new JsonNode[columns.size()];
        Map<String, Integer> index = index();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Integer i = index.get(field.getKey().toLowerCase(Locale.ROOT));
            if (i != null) {
                values[i] = field.getValue();
            }
        }
        Row row = new Row(columns.size());
        for (int i = 0; i < values.length; i++) {
            row.setField(i, convert(columns.get(i), values[i]));
        }
        return row;
    }

    private Object convert(JdbcColumn c, JsonNode v) throws JdbcMappingException {
        if (v == null || v.isNull()) {
            if (!c.nullable() || keyColumns.contains(c.name())) {
                throw new JdbcMappingException(
                        JdbcMappingException.MISSING_VALUE,
                        "column "
                                + c.name()
                                + (c.nullable() ? " is a key column" : " is NOT NULL")
                                + " and the record has no value for it");
            }
            return null;
        }
        try {
            return switch (c.type()) {
                case SMALLINT -> (short) integral(c, v, Short.MIN_VALUE, Short.MAX_VALUE);
                case INTEGER -> (int) integral(c, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case BIGINT -> integral(c, v, Long.MIN_VALUE, Long.MAX_VALUE);
                case REAL -> (float) number(c, v).doubleValue();
                case DOUBLE -> number(c, v).doubleValue();
                case DECIMAL -> decimal(c, v);
                case BOOLEAN -> bool(c, v);
                case TEXT -> text(c, v.isValueNode() ? v.asText() : v.toString());
                case DATE -> LocalDate.parse(string(c, v));
                case TIME -> LocalTime.parse(string(c, v));
                case TIMESTAMP ->
                        v.isIntegralNumber()
                                ? LocalDateTime.ofInstant(
                                        Instant.ofEpochMilli(v.longValue()), ZoneOffset.UTC)
                                : LocalDateTime.parse(string(c, v), LOCAL_DATE_TIME);
                case TIMESTAMPTZ -> instant(c, v);
                case JSON -> text(c, v.toString());
                case UUID -> java.util.UUID.fromString(string(c, v)).toString();
            };
        } catch (DateTimeException | IllegalArgumentException e) {
            throw invalid(c, v, e.getMessage());
        }
    }

    private static long integral(JdbcColumn c, JsonNode v, long min, long max)
            throws JdbcMappingException {
        BigDecimal d = number(c, v);
        BigInteger i;
        try {
            i = d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw invalid(c, v, "not a whole number");
        }
        if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
            throw invalid(c, v, "out of range " + min + " to " + max);
        }
        return i.longValue();
    }

    private static BigDecimal number(JdbcColumn c, JsonNode v) throws JdbcMappingException {
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.asText().trim());
            } catch (NumberFormatException e) {
                throw invalid(c, v, "not a number");
            }
        }
        throw invalid(c, v, "not a number");
    }

    private static BigDecimal decimal(JdbcColumn c, JsonNode v) throws JdbcMappingException {
        BigDecimal d = number(c, v);
        // PostgreSQL rounds extra fraction digits but rejects too many integer digits.
        if (c.length() > 0 && d.precision() - d.scale() > c.length() - c.scale()) {
            throw invalid(
                    c,
                    v,
                    "more than "
                            + (c.length() - c.scale())
                            + " digits before the point for numeric("
                            + c.length()
                            + ","
                            + c.scale()
                            + ")");
        }
        return d;
    }

    private static boolean bool(JdbcColumn c, JsonNode v) throws JdbcMappingException {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            String s = v.asText().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("t")) {
                return true;
            }
            if (s.equals("false") || s.equals("f")) {
                return false;
            }
        }
        throw invalid(c, v, "not a boolean");
    }

    private static Instant instant(JdbcColumn c, JsonNode v) throws JdbcMappingException {
        if (v.isIntegralNumber()) {
            return Instant.ofEpochMilli(v.longValue());
        }
        String s = string(c, v);
        try {
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        } catch (DateTimeException e) {
            // A time without an offset is UTC.
            return LocalDateTime.parse(s, LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        }
    }

    private static String string(JdbcColumn c, JsonNode v) throws JdbcMappingException {
        if (!v.isTextual()) {
            throw invalid(c, v, "not a string");
        }
        return v.asText();
    }

    private static String text(JdbcColumn c, String s) throws JdbcMappingException {
        if (s.indexOf('\0') >= 0) {
            throw new JdbcMappingException(
                    JdbcMappingException.INVALID_VALUE,
                    "column " + c.name() + ": PostgreSQL text cannot hold the character U+0000");
        }
        if (c.type() == JdbcColumnType.TEXT
                && c.length() > 0
                && s.codePointCount(0, s.length()) > c.length()) {
            throw new JdbcMappingException(
                    JdbcMappingException.INVALID_VALUE,
                    "column "
                            + c.name()
                            + " ("
                            + c.typeName()
                            + "("
                            + c.length()
                            + ")) holds at most "
                            + c.length()
                            + " characters, the value has "
                            + s.codePointCount(0, s.length()));
        }
        return s;
    }

    private static JdbcMappingException invalid(JdbcColumn c, JsonNode v, String why) {
        String value = v.toString();
        if (value.length() > 100) {
            value = value.substring(0, 100) + "...";
        }
        return new JdbcMappingException(
                JdbcMappingException.INVALID_VALUE,
                "column " + c.name() + " (" + c.typeName() + ") cannot take " + value + ": " + why);
    }

    private Map<String, Integer> index() {
        if (indexByLowerName == null) {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                m.put(columns.get(i).name().toLowerCase(Locale.ROOT), i);
            }
            indexByLowerName = m;
        }
        return indexByLowerName;
    }
}
