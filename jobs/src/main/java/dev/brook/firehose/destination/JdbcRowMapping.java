package dev.brook.firehose.destination;

import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.metrics.DeliveryTracker;
import dev.brook.firehose.metrics.FirehoseMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns records into rows for the sink; records that cannot be rows go to the failed output.
 *
 * <p>Also counts {@code firehose.DeliveryToRedshift.*} (Firehose's names for its Redshift
 * destination): the sink flushes its batches before a checkpoint barrier passes it, so rows handed
 * to it count as delivered when that checkpoint completes.
 */
final class JdbcRowMapping extends ProcessFunction<FirehoseRecord, Row>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;

    static final OutputTag<FailedRecord> FAILED =
            new OutputTag<>(
                    "jdbc-failed",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(FailedRecord.class));

    private final JsonRowMapper mapper;
    private transient DeliveryTracker tracker;

    JdbcRowMapping(JsonRowMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        tracker =
                new DeliveryTracker(
                        getRuntimeContext().getMetricGroup(),
                        getRuntimeContext(),
                        FirehoseMetrics.DELIVERY_TO_JDBC);
    }

    @Override
    public void processElement(FirehoseRecord record, Context ctx, Collector<Row> out) {
        Row row;
        try {
            row = mapper.map(record.getData());
        } catch (JdbcMappingException e) {
            ctx.output(
                    FAILED,
                    new FailedRecord(
                            record, ErrorOutputType.JDBC_FAILED, e.errorCode(), e.getMessage(), 1));
            return;
        }
        tracker.handedToSink(record.getArrivalTimeMillis(), record.getData().length);
        out.collect(row);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // Nothing to restore: what was pending is replayed by the source and counted again.
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        tracker.barrier(context.getCheckpointId());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        tracker.checkpointCompleted(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        tracker.checkpointAborted(checkpointId);
    }
}
