package dev.brook.firehose.destination;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;
import org.apache.flink.types.Row;

/** Binds a mapped row's values, column by column, to the insert statement. */
final class JdbcRowStatement implements JdbcQueryStatement<Row> {
    private static final long serialVersionUID = 1L;

    private final String sql;
    private final List<JdbcColumn> columns;

    JdbcRowStatement(String sql, List<JdbcColumn> columns) {
        this.sql = sql;
        this.columns = List.copyOf(columns);
    }

    @Override
    public String query() {
        return sql;
    }

    @Override
    public void statement(PreparedStatement ps, Row row) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).type().bind(ps, i + 1, row.getField(i));
        }
    }
}
