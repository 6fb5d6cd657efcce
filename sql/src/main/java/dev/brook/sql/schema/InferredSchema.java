package dev.brook.sql.schema;

import static dev.brook.sql.schema.Identifiers.literal;
import static dev.brook.sql.schema.Identifiers.quote;

import dev.brook.sql.schema.SchemaInference.RecordFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schema inferred from sampled records, and the {@code CREATE TABLE} statement that reads the
 * stream with it through Brook's table connector.
 *
 * <p>Only timestamps the format can parse keep a timestamp type: Flink's json format reads one
 * layout per table ({@code 'json.timestamp-format.standard'}: {@code 2024-05-01 10:00:00} or {@code
 * 2024-05-01T10:00:00}), so a timestamp field in the less common layout becomes STRING; the csv
 * format reads only the layout with a space. A BIGINT of epoch milliseconds in a field named like a
 * time ({@code ts}, {@code created_at}) gets a computed {@code TIMESTAMP_LTZ(3)} column next to it.
 * The watermark goes on the best time column: a timestamp column whose name says event time most
 * strongly ({@link SchemaInference#timeNameRank}; in CSV, whose columns have no names, the first
 * timestamp column), else the record's arrival time.
 */
public final class InferredSchema {
    /** A column of the table: physical, computed ({@code expression} set) or metadata. */
    public record Column(String name, String type, String expression, boolean metadata) {
        String sql() {
            if (expression != null) {
                return quote(name) + " AS " + expression;
            }
            if (metadata) {
                return quote(name) + " " + type + " METADATA FROM 'arrival_time' VIRTUAL";
            }
            return quote(name) + " " + type;
        }
    }

    /** The watermark's delay behind the time column. */
    public static final String WATERMARK_DELAY = "INTERVAL '5' SECOND";

    private final RecordFormat format;
    private final Map<String, FieldType> fields;
    private final int sampled;
    private final boolean isoTimestamps;
    private final boolean emptyCsvValues;
    private final List<Column> columns = new ArrayList<>();
    private final String timeColumn;

    InferredSchema(
            RecordFormat format,
            Map<String, FieldType> inferred,
            int sampled,
            boolean emptyCsvValues) {
        this.format = format;
        this.emptyCsvValues = emptyCsvValues;
        this.sampled = sampled;
        int iso = 0;
        int sql = 0;
        for (FieldType t : inferred.values()) {
            iso += countTimestamps(t, true);
            sql += countTimestamps(t, false);
        }
        // csv reads only '2024-05-01 10:00:00'; json one layout per table, the commoner one.
        this.isoTimestamps = format == RecordFormat.JSON && iso > sql;
        Map<String, FieldType> readable = new LinkedHashMap<>();
        inferred.forEach((name, t) -> readable.put(name, readable(t)));
        this.fields = Collections.unmodifiableMap(readable);

        String best = null;
        int bestRank = Integer.MAX_VALUE;
        boolean firstTimestamp = true;
        for (Map.Entry<String, FieldType> e : fields.entrySet()) {
            String name = e.getKey();
            FieldType t = e.getValue();
            columns.add(new Column(name, t.sql(), null, false));
            boolean isTimestamp =
                    t.kind() == FieldType.Kind.TIMESTAMP
                            || t.kind() == FieldType.Kind.TIMESTAMP_LTZ;
            int rank =
                    format == RecordFormat.CSV
                            ? (isTimestamp && firstTimestamp ? 0 : -1)
                            : SchemaInference.timeNameRank(name);
            if (isTimestamp) {
                firstTimestamp = false;
            }
            String candidate = null;
            if (isTimestamp && rank >= 0) {
                candidate = name;
            } else if (t.isEpochMillis() && rank >= 0) {
                candidate = freeName(name + "_time");
                columns.add(
                        new Column(
                                candidate,
                                "TIMESTAMP_LTZ(3)",
                                "TO_TIMESTAMP_LTZ(" + quote(name) + ", 3)",
                                false));
            }
            if (candidate != null && rank < bestRank) {
                best = candidate;
                bestRank = rank;
            }
        }
        String arrival = freeName("arrival_time");
        columns.add(new Column(arrival, "TIMESTAMP_LTZ(3)", null, true));
        this.timeColumn = best != null ? best : arrival;
    }

    private String freeName(String wanted) {
        String name = wanted;
        for (int i = 2; fields.containsKey(name) || hasColumn(name); i++) {
            name = wanted + "_" + i;
        }
        return name;
    }

    private boolean hasColumn(String name) {
        return columns.stream().anyMatch(c -> c.name().equals(name));
    }

    private static int countTimestamps(FieldType t, boolean iso) {
        switch (t.kind()) {
            case TIMESTAMP:
            case TIMESTAMP_LTZ:
                return t.isoSeparator() == iso ? 1 : 0;
            case ROW:
                return t.fields().values().stream().mapToInt(f -> countTimestamps(f, iso)).sum();
            case ARRAY:
                return countTimestamps(t.element(), iso);
            default:
                return 0;
        }
    }

    /** The type with every timestamp the format cannot parse as STRING. */
    private FieldType readable(FieldType t) {
        switch (t.kind()) {
            case TIMESTAMP:
            case TIMESTAMP_LTZ:
                return t.isoSeparator() == isoTimestamps ? t : FieldType.STRING;
            case ROW:
                Map<String, FieldType> f = new LinkedHashMap<>();
                t.fields().forEach((name, ft) -> f.put(name, readable(ft)));
                return FieldType.row(f);
            case ARRAY:
                return FieldType.array(readable(t.element()));
            default:
                return t;
        }
    }

    public RecordFormat format() {
        return format;
    }

    /** The data's fields and their types, in the order first seen. */
    public Map<String, FieldType> fields() {
        return fields;
    }

    /** Every column of the statement: the fields, computed time columns, the arrival time. */
    public List<Column> columns() {
        return Collections.unmodifiableList(columns);
    }

    /** How many records the schema was inferred from. */
    public int sampled() {
        return sampled;
    }

    /** The column the watermark is on. */
    public String timeColumn() {
        return timeColumn;
    }

    /** Format options beyond {@code 'format'} that reading the records needs. */
    public Map<String, String> formatOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("format", format.flinkName());
        if (isoTimestamps) {
            o.put("json.timestamp-format.standard", "ISO-8601");
        }
        if (emptyCsvValues) {
            // Inference took an empty CSV field for NULL; the csv format must too (it cannot
            // read an empty field as a number).
            o.put("csv.null-literal", "");
        }
        return o;
    }

    /** The statement, without a trailing semicolon. */
    public String createTable(String table, String root, String stream) {
        List<String> lines = new ArrayList<>();
        for (Column c : columns) {
            lines.add("  " + c.sql());
        }
        String time = quote(timeColumn);
        lines.add("  WATERMARK FOR " + time + " AS " + time + " - " + WATERMARK_DELAY);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "brook");
        options.put("root", root);
        options.put("stream", stream);
        options.putAll(formatOptions());
        List<String> with = new ArrayList<>();
        options.forEach((k, v) -> with.add("  " + literal(k) + " = " + literal(v)));
        return "CREATE TABLE "
                + quote(table)
                + " (\n"
                + String.join(",\n", lines)
                + "\n) WITH (\n"
                + String.join(",\n", with)
                + "\n)";
    }
}
