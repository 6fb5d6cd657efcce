package dev.brook.firehose.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingJsonFactory;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Converts JSON records to rows of a schema the way Firehose's OpenX JSON SerDe does (see {@link
 * OpenXJsonOptions}): a missing key or JSON null gives null, unknown keys are ignored, strings
 * holding numbers or booleans fill numeric or boolean columns, and a value that does not fit its
 * column fails the record with a {@link FormatConversionException} naming the field and the value.
 *
 * <p>The JSON is read as a token stream into readers built once for the schema, so a record costs
 * no tree, reflection or regular expression.
 */
public final class JsonRowConverter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Thread-safe; the mapping codec lets string columns take nested JSON as its text. */
    private static final MappingJsonFactory JSON = new MappingJsonFactory();

    private final RowType schema;
    private final OpenXJsonOptions options;
    private transient RowReader reader;

    /**
     * @throws IllegalArgumentException for a type conversion does not support, a mapping naming no
     *     column, or two columns that would read the same JSON key
     */
    public JsonRowConverter(RowType schema, OpenXJsonOptions options) {
        if (schema == null || schema.getFieldCount() == 0) {
            throw new IllegalArgumentException("a schema with at least one column is required");
        }
        this.schema = schema;
        this.options = options == null ? OpenXJsonOptions.defaults() : options;
        this.reader = compile();
    }

    public RowType schema() {
        return schema;
    }

    public OpenXJsonOptions options() {
        return options;
    }

    /** Converts a record holding one JSON object. */
    public RowData convert(byte[] json) throws FormatConversionException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == null) {
                throw new FormatConversionException(
                        null, "Record is empty, expected a JSON object");
            }
            RowData row = (RowData) reader.read(p);
            if (p.nextToken() != null) {
                throw new FormatConversionException(
                        null,
                        "Record holds more than one JSON document; convertAll reads each of them");
            }
            return row;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new FormatConversionException("Record could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Converts a record holding any number of JSON objects one after another, as Firehose allows
     * ({@code {"a":1}{"a":2}} or one per line), to one row each.
     */
    public List<RowData> convertAll(byte[] json) throws FormatConversionException {
        List<RowData> rows = new ArrayList<>(1);
        try (JsonParser p = JSON.createParser(json)) {
            while (p.nextToken() != null) {
                rows.add((RowData) reader.read(p));
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new FormatConversionException("Record could not be read: " + e.getMessage(), e);
        }
        return rows;
    }

    private RowReader compile() {
        Map<String, String> mappings = columnMappings();
        for (RowType.RowField field : schema.getFields()) {
            SupportedTypes.check(field.getName(), field.getType());
        }
        return new RowReader(schema, "", mappings, new KeyNormalizer(options));
    }

    /** Mappings by the schema's own column names; a mapping for no column is a mistake. */
    private Map<String, String> columnMappings() {
        Map<String, String> byColumn = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : options.columnToJsonKeyMappings().entrySet()) {
            String column = null;
            for (String name : schema.getFieldNames()) {
                if (name.equals(e.getKey())
                        || (options.caseInsensitive() && name.equalsIgnoreCase(e.getKey()))) {
                    column = name;
                    break;
                }
            }
            if (column == null) {
                throw new IllegalArgumentException(
                        "ColumnToJsonKeyMappings names column '"
                                + e.getKey()
                                + "', which is not in the schema "
                                + schema.getFieldNames());
            }
            byColumn.put(column, e.getValue());
        }
        return byColumn;
    }

    private static FormatConversionException malformed(JsonProcessingException e) {
        String where =
                e.getLocation() == null
                        ? ""
                        : " at line "
                                + e.getLocation().getLineNr()
                                + ", column "
                                + e.getLocation().getColumnNr();
        return new FormatConversionException(
                "Record is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        this.reader = compile();
    }
}
