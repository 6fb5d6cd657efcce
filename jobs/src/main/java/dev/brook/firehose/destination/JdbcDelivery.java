package dev.brook.firehose.destination;

import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

/**
 * Firehose's Redshift destination with PostgreSQL in Redshift's place: JSON records become rows of
 * a table, mapped as {@code COPY ... JSON 'auto'} maps them (see {@link JsonRowMapper}), and are
 * written in batches by Flink's JDBC connector ({@link JdbcSink}, Sink V2). Records that cannot be
 * rows come back as {@link FailedRecord}s ({@code JDBC_FAILED}) before they reach the sink.
 *
 * <p>Delivery guarantee: at-least-once, made idempotent by an upsert on the configured key columns
 * ({@code INSERT ... ON CONFLICT (key) DO UPDATE}): a record replayed after a restore rewrites the
 * same row, so the table ends up with each record once. Not exactly-once through XA, because
 * PostgreSQL's two-phase commit needs {@code max_prepared_transactions > 0}, which is 0 by default
 * and changes only with a server restart by an administrator; and because a prepared transaction
 * left behind by a cancelled job holds its locks until someone resolves it by hand. The upsert
 * works on any PostgreSQL as it is. Without key columns rows are plain inserts and a restore can
 * duplicate the records since the last checkpoint, as Firehose's own Redshift delivery can.
 *
 * <p>The table's columns are read when the job is built, so the machine that builds the job must
 * reach the database. A batch the database still rejects (a constraint other than the key, a
 * trigger) fails the job after the configured retries, as a Flink JDBC sink does.
 */
public final class JdbcDelivery {
    private JdbcDelivery() {}

    public static DataStream<FailedRecord> deliver(
            DataStream<FirehoseRecord> records, JdbcConfig config) {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(config, "config");
        JdbcTable table = JdbcTable.describe(config);
        List<JdbcColumn> columns = table.columns();
        TypeInformation<?>[] types = new TypeInformation<?>[columns.size()];
        String[] names = new String[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            types[i] = columns.get(i).type().typeInfo();
            names[i] = columns.get(i).name();
        }
        String name = "JDBC " + config.table();
        SingleOutputStreamOperator<Row> rows =
                records.process(new JdbcRowMapping(new JsonRowMapper(columns, table.keyColumns())))
                        .returns(new RowTypeInfo(types, names))
                        .name(name + " rows")
                        .uid("jdbc-rows-" + config.table());
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder connection =
                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(config.url())
                        .withDriverName("org.postgresql.Driver");
        if (config.user() != null) {
            connection.withUsername(config.user());
        }
        if (config.password() != null) {
            connection.withPassword(config.password());
        }
        rows.sinkTo(
                        JdbcSink.<Row>builder()
                                .withQueryStatement(
                                        new JdbcRowStatement(
                                                table.insertStatement(config.table()), columns))
                                .withExecutionOptions(
                                        JdbcExecutionOptions.builder()
                                                .withBatchSize(config.batchSize())
                                                .withBatchIntervalMs(
                                                        config.batchInterval().toMillis())
                                                .withMaxRetries(config.maxRetries())
                                                .build())
                                .buildAtLeastOnce(connection.build()))
                .name(name)
                .uid("jdbc-sink-" + config.table());
        return rows.getSideOutput(JdbcRowMapping.FAILED);
    }
}
