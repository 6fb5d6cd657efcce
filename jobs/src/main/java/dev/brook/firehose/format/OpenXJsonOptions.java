package dev.brook.firehose.format;

import java.io.Serializable;
import java.util.Map;

/**
 * Firehose's {@code OpenXJsonSerDe} options for reading JSON records into schema columns.
 *
 * @param caseInsensitive JSON keys match column names ignoring case (Firehose's default: true)
 * @param columnToJsonKeyMappings column name to the JSON key it reads, for keys that cannot be
 *     column names, e.g. {@code {"ts": "timestamp"}}; applies to top-level columns
 * @param convertDotsInJsonKeysToUnderscores JSON key {@code a.b} fills column {@code a_b}, at every
 *     nesting level (Firehose's default: false)
 */
public record OpenXJsonOptions(
        boolean caseInsensitive,
        Map<String, String> columnToJsonKeyMappings,
        boolean convertDotsInJsonKeysToUnderscores)
        implements Serializable {

    public OpenXJsonOptions {
        if (columnToJsonKeyMappings == null) {
            columnToJsonKeyMappings = Map.of();
        }
        for (Map.Entry<String, String> e : columnToJsonKeyMappings.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new IllegalArgumentException(
                        "ColumnToJsonKeyMappings has an empty column name");
            }
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new IllegalArgumentException(
                        "ColumnToJsonKeyMappings maps column '"
                                + e.getKey()
                                + "' to an empty JSON key");
            }
        }
        columnToJsonKeyMappings = Map.copyOf(columnToJsonKeyMappings);
    }

    /** Firehose's defaults: case-insensitive keys, no mappings, dots kept. */
    public static OpenXJsonOptions defaults() {
        return new OpenXJsonOptions(true, Map.of(), false);
    }
}
