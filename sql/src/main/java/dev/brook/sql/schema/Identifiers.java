package dev.brook.sql.schema;

/** Flink SQL identifiers and string literals as discovered statements write them. */
final class Identifiers {
    private Identifiers() {}

    /**
     * Backquoted, as Flink's own {@code SHOW CREATE TABLE} writes every identifier: field names
     * from data are often reserved words ({@code timestamp}, {@code user}, {@code value}) or not
     * identifiers at all ({@code page-id}, {@code 2nd}), and quoting all of them needs no list.
     */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A SQL string literal. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
