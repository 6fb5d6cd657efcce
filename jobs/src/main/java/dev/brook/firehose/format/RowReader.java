package dev.brook.firehose.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Reads a JSON object into a row: each key, normalized, is looked up among the columns' keys;
 * unknown keys are skipped, missing columns are null, and for a repeated key the last one wins.
 */
final class RowReader implements JsonValueReader {

    private final String path;
    private final int arity;
    private final Map<String, Integer> columnByKey = new HashMap<>();
    private final JsonValueReader[] readers;
    private final boolean[] nullable;
    private final String[] paths;
    private final KeyNormalizer keys;

    /**
     * @param mappings column name to JSON key, for the columns read from a key of another name
     */
    RowReader(RowType type, String path, Map<String, String> mappings, KeyNormalizer keys) {
        this.path = path;
        this.keys = keys;
        List<RowType.RowField> fields = type.getFields();
        this.arity = fields.size();
        this.readers = new JsonValueReader[arity];
        this.nullable = new boolean[arity];
        this.paths = new String[arity];
        Map<String, String> columnOfKey = new HashMap<>();
        for (int i = 0; i < arity; i++) {
            RowType.RowField field = fields.get(i);
            String name = field.getName();
            paths[i] = path.isEmpty() ? name : path + "." + name;
            readers[i] = JsonReaders.of(field.getType(), paths[i], keys);
            nullable[i] = field.getType().isNullable();
            String key = keys.normalize(mappings.getOrDefault(name, name));
            String other = columnOfKey.putIfAbsent(key, paths[i]);
            if (other != null) {
                throw new IllegalArgumentException(
                        "Columns '"
                                + other
                                + "' and '"
                                + paths[i]
                                + "' would both read JSON key '"
                                + key
                                + "' (after the OpenX key options); rename one or map it with"
                                + " ColumnToJsonKeyMappings");
            }
            columnByKey.put(key, i);
        }
    }

    @Override
    public Object read(JsonParser p) throws IOException, FormatConversionException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new FormatConversionException(
                    path.isEmpty() ? null : path,
                    (path.isEmpty() ? "Record" : "Value")
                            + " is "
                            + ScalarReader.describe(p)
                            + ", expected a JSON object");
        }
        GenericRowData row = new GenericRowData(arity);
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            Integer column = columnByKey.get(keys.normalize(name));
            if (column == null) {
                p.skipChildren();
            } else {
                int i = column;
                row.setField(i, JsonReaders.readNullable(p, readers[i], true, paths[i]));
            }
        }
        for (int i = 0; i < arity; i++) {
            if (!nullable[i] && row.isNullAt(i)) {
                throw new FormatConversionException(
                        paths[i], "is NOT NULL but missing or null in the record");
            }
        }
        return row;
    }
}
