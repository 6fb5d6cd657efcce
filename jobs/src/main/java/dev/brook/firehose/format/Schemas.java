package dev.brook.firehose.format;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.UnresolvedUserDefinedType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * Schemas for record format conversion, written as a Flink SQL column list: {@code page STRING,
 * user_id BIGINT, ts TIMESTAMP(3), tags ARRAY<STRING>, attrs MAP<STRING, STRING>, geo ROW<lat
 * DOUBLE, lon DOUBLE>}. Flink's own type parser reads it, so the syntax is exactly Flink SQL's.
 */
public final class Schemas {

    private Schemas() {}

    /**
     * Parses a column list into a row type.
     *
     * @throws IllegalArgumentException naming the column that is wrong and why
     */
    public static RowType parse(String columns) {
        if (columns == null || columns.isBlank()) {
            throw new IllegalArgumentException(
                    "Schema is empty; expected columns such as 'page STRING, user_id BIGINT'");
        }
        LogicalType parsed;
        try {
            parsed = parseRow(columns);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(explain(columns, e), e);
        }
        if (!(parsed instanceof RowType) || ((RowType) parsed).getFieldCount() == 0) {
            throw new IllegalArgumentException(
                    "Schema '" + columns + "' has no columns; expected e.g. 'page STRING'");
        }
        RowType row = (RowType) parsed;
        for (RowType.RowField field : row.getFields()) {
            SupportedTypes.check(field.getName(), field.getType());
        }
        return row;
    }

    private static LogicalType parseRow(String columns) {
        return LogicalTypeParser.parse("ROW<" + columns + ">", Schemas.class.getClassLoader());
    }

    /**
     * Finds the first column that does not parse on its own, so the error names it; Flink's message
     * alone gives only a position in the ROW<...> we built.
     */
    private static String explain(String columns, RuntimeException wholeError) {
        List<String> parts = splitColumns(columns);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i).trim();
            if (part.isEmpty()) {
                return "Schema column " + (i + 1) + " is empty in '" + columns + "'";
            }
            try {
                parseRow(part);
            } catch (RuntimeException e) {
                return "Schema column "
                        + (i + 1)
                        + " '"
                        + part
                        + "' is not a valid column (name TYPE): "
                        + firstLine(e.getMessage())
                        + (String.valueOf(e.getMessage()).contains("<KEYWORD>")
                                ? " (a reserved word as a column name needs backticks, e.g."
                                        + " `timestamp` TIMESTAMP(3))"
                                : "");
            }
        }
        return "Schema '" + columns + "' is not valid: " + firstLine(wholeError.getMessage());
    }

    /** Splits at commas outside type brackets, parentheses, backtick names and quoted comments. */
    private static List<String> splitColumns(String columns) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < columns.length(); i++) {
            char c = columns.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '`' || c == '\'') {
                quote = c;
            } else if (c == '<' || c == '(') {
                depth++;
            } else if (c == '>' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(columns.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(columns.substring(start));
        return parts;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The unknown type name in a column, for the error message. */
    static String unresolvedName(LogicalType type) {
        return type instanceof UnresolvedUserDefinedType
                ? ((UnresolvedUserDefinedType) type).getUnresolvedIdentifier().getObjectName()
                : type.asSummaryString();
    }
}
