package dev.brook.firehose.destination;

import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Turns records into rows for the sink; records that cannot be rows go to the failed output. */
final class JdbcRowMapping extends ProcessFunction<FirehoseRecord, Row> {
    private static final long serialVersionUID = 1L;

    static final OutputTag<FailedRecord> FAILED =
            new OutputTag<>(
                    "jdbc-failed",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(FailedRecord.class));

    private final JsonRowMapper mapper;

    JdbcRowMapping(JsonRowMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void processElement(FirehoseRecord record, Context ctx, Collector<Row> out) {
        try {
            out.collect(mapper.map(record.getData()));
        } catch (JdbcMappingException e) {
            ctx.output(
                    FAILED,
                    new FailedRecord(
                            record, ErrorOutputType.JDBC_FAILED, e.errorCode(), e.getMessage(), 1));
        }
    }
}
