package dev.brook.sql.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Infers a Flink SQL schema from sampled records: JSON objects (one per record) or CSV lines (one
 * row per record, no header, as Flink's {@code csv} format reads them). Every field's type is
 * widened across all records ({@link FieldType#widen}), so the result holds every sampled record,
 * whatever order the records came in.
 *
 * <pre>{@code
 * InferredSchema schema = SchemaInference.infer(records, SchemaInference.detect(records));
 * String ddl = schema.createTable("clicks", "file:///data/brook", "clicks");
 * }</pre>
 */
public final class SchemaInference {
    /** The record formats discovery understands, named as Flink's formats are. */
    public enum RecordFormat {
        JSON("json"),
        CSV("csv");

        private final String flinkName;

        RecordFormat(String flinkName) {
            this.flinkName = flinkName;
        }

        /** The value of the table's {@code 'format'} option. */
        public String flinkName() {
            return flinkName;
        }

        /** {@code json} or {@code csv}, any case. */
        public static RecordFormat of(String name) {
            for (RecordFormat f : values()) {
                if (f.flinkName.equalsIgnoreCase(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown format '" + name + "': use json or csv");
        }
    }

    // Floats as BigDecimal with their written scale, so 19.90 and 5.00 can be DECIMAL(.., 2).
    private static final ObjectReader JSON = jsonMapper().reader();

    private static final ObjectReader CSV =
            new CsvMapper().readerForArrayOf(String.class).with(CsvParser.Feature.WRAP_AS_ARRAY);

    private SchemaInference() {}

    /** JSON when every record is a JSON object, else CSV. */
    public static RecordFormat detect(List<byte[]> records) {
        for (byte[] r : records) {
            if (jsonObject(r) == null) {
                return RecordFormat.CSV;
            }
        }
        return RecordFormat.JSON;
    }

    /**
     * Infers the schema of {@code records}.
     *
     * @throws IllegalArgumentException when there are no records, or a record is not of {@code
     *     format} (naming the record's position in the sample and what was wrong)
     */
    public static InferredSchema infer(List<byte[]> records, RecordFormat format) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records to infer a schema from");
        }
        Map<String, FieldType> columns = new LinkedHashMap<>();
        boolean emptyCsvValues = false;
        int index = 0;
        for (byte[] r : records) {
            index++;
            if (format == RecordFormat.JSON) {
                JsonNode node = jsonObject(r);
                if (node == null) {
                    throw new IllegalArgumentException(
                            "record "
                                    + index
                                    + " of the sample is not a JSON object: "
                                    + preview(r)
                                    + " (use --format csv for CSV records)");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    columns.merge(e.getKey(), FieldType.ofJson(e.getValue()), FieldType::widen);
                }
            } else {
                String[] values = csvRow(r, index);
                for (int i = 0; i < values.length; i++) {
                    emptyCsvValues |= values[i].isEmpty();
                    columns.merge("f" + i, FieldType.ofCsv(values[i]), FieldType::widen);
                }
            }
        }
        return new InferredSchema(format, columns, records.size(), emptyCsvValues);
    }

    private static JsonNode jsonObject(byte[] record) {
        try {
            JsonNode n = JSON.readTree(record);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String[] csvRow(byte[] record, int index) {
        try {
            // Flink's csv format reads one row per record: the first line.
            MappingIterator<String[]> rows = CSV.readValues(record);
            return rows.hasNext() ? rows.next() : new String[0];
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "record " + index + " of the sample is not a CSV line: " + preview(record));
        } catch (IOException e) {
            throw new IllegalArgumentException("record " + index + ": " + e.getMessage(), e);
        }
    }

    private static String preview(byte[] record) {
        String s = new String(record, StandardCharsets.UTF_8).strip();
        return s.length() <= 60 ? "'" + s + "'" : "'" + s.substring(0, 57) + "...'";
    }

    /**
     * How strongly a name says "event time": 0 is the strongest, -1 not at all. {@code event_time}
     * beats {@code ts}, which beats {@code created_at}.
     */
    static int timeNameRank(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        List<String> exact =
                List.of(
                        "event_time",
                        "eventtime",
                        "event_timestamp",
                        "event_ts",
                        "ts",
                        "timestamp",
                        "time",
                        "datetime",
                        "date_time");
        int i = exact.indexOf(n);
        if (i >= 0) {
            return i;
        }
        for (String suffix : List.of("_time", "_timestamp", "_ts", "time", "timestamp", "_at")) {
            if (n.endsWith(suffix)) {
                return exact.size();
            }
        }
        return -1;
    }

    /** An ObjectMapper reading JSON as inference does (tests use it too). */
    static ObjectMapper jsonMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }
}
