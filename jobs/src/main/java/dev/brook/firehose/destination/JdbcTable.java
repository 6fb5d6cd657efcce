package dev.brook.firehose.destination;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The destination table's columns, read once when the job is built (so the job graph, and with it
 * every restore, carries one fixed statement and mapping), and the statement that loads them.
 */
final class JdbcTable {
    private final List<JdbcColumn> columns;
    private final Set<String> keyColumns;

    private JdbcTable(List<JdbcColumn> columns, Set<String> keyColumns) {
        this.columns = columns;
        this.keyColumns = keyColumns;
    }

    List<JdbcColumn> columns() {
        return columns;
    }

    /** The key columns' names as the table spells them. */
    Set<String> keyColumns() {
        return keyColumns;
    }

    /** Asks the database for the table's columns and checks the configured ones against them. */
    static JdbcTable describe(JdbcConfig config) {
        Properties props = new Properties();
        if (config.user() != null) {
            props.setProperty("user", config.user());
        }
        if (config.password() != null) {
            props.setProperty("password", config.password());
        }
        List<JdbcColumn> all = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(config.url(), props);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + config.table() + " WHERE false")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String name = md.getColumnName(i);
                String typeName = md.getColumnTypeName(i);
                JdbcColumnType type = JdbcColumnType.ofPostgres(typeName).orElse(null);
                int precision = md.getPrecision(i);
                all.add(
                        new JdbcColumn(
                                name,
                                type,
                                typeName,
                                md.isNullable(i) != ResultSetMetaData.columnNoNulls,
                                // PostgreSQL reports unlimited text and numeric as 0 or 2^31-1.
                                precision <= 0 || precision == Integer.MAX_VALUE ? 0 : precision,
                                Math.max(0, md.getScale(i))));
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException(
                    "JDBC destination cannot read the columns of table "
                            + config.table()
                            + " at "
                            + config.url()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        List<JdbcColumn> chosen = new ArrayList<>();
        if (config.columns().isEmpty()) {
            chosen.addAll(all);
        } else {
            for (String wanted : config.columns()) {
                chosen.add(find(all, wanted, config));
            }
        }
        for (JdbcColumn col : chosen) {
            if (col.type() == null) {
                throw new IllegalArgumentException(
                        "JDBC destination cannot load column "
                                + col.name()
                                + " of type "
                                + col.typeName()
                                + " in table "
                                + config.table()
                                + "; it loads "
                                + JdbcColumnType.SUPPORTED
                                + " (list the columns to load to leave it out)");
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String k : config.keyColumns()) {
            keys.add(find(chosen, k, config).name());
        }
        return new JdbcTable(List.copyOf(chosen), keys);
    }

    private static JdbcColumn find(List<JdbcColumn> columns, String name, JdbcConfig config) {
        for (JdbcColumn c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "JDBC destination table "
                        + config.table()
                        + " has no column "
                        + name
                        + "; it has "
                        + columns.stream().map(JdbcColumn::name).collect(Collectors.joining(", ")));
    }

    /**
     * {@code INSERT INTO t ("a", "b") VALUES (?, ?)}, with {@code ON CONFLICT (keys) DO UPDATE SET
     * ...} when key columns are set, so a replayed record rewrites its row.
     */
    String insertStatement(String table) {
        return insertStatement(table, columns, keyColumns);
    }

    static String insertStatement(String table, List<JdbcColumn> columns, Set<String> keyColumns) {
        String names = columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        String params = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        StringBuilder sql =
                new StringBuilder("INSERT INTO ")
                        .append(table)
                        .append(" (")
                        .append(names)
                        .append(") VALUES (")
                        .append(params)
                        .append(')');
        if (!keyColumns.isEmpty()) {
            sql.append(" ON CONFLICT (")
                    .append(
                            keyColumns.stream()
                                    .map(JdbcTable::quote)
                                    .collect(Collectors.joining(", ")))
                    .append(')');
            String updates =
                    columns.stream()
                            .filter(c -> !keyColumns.contains(c.name()))
                            .map(c -> quote(c.name()) + " = EXCLUDED." + quote(c.name()))
                            .collect(Collectors.joining(", "));
            sql.append(updates.isEmpty() ? " DO NOTHING" : " DO UPDATE SET " + updates);
        }
        return sql.toString();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
