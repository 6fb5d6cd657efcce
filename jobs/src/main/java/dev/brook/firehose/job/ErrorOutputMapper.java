package dev.brook.firehose.job;

import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.metrics.FirehoseMetrics;
import dev.brook.firehose.prefix.S3Prefix;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/** A failed record as an error output line, in the bucket of the error output prefix. */
final class ErrorOutputMapper extends RichMapFunction<FailedRecord, Tuple2<String, byte[]>>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final BufferPrefixes errorPrefix;
    private transient ErrorRecordFormatter formatter;
    private transient LongCounter failed;

    ErrorOutputMapper(S3Prefix errorPrefix) {
        this.errorPrefix = new BufferPrefixes(errorPrefix);
    }

    @Override
    public void open(OpenContext openContext) {
        formatter = new ErrorRecordFormatter();
        failed = new LongCounter();
        getRuntimeContext().addAccumulator(FirehoseMetrics.FAILED_RECORDS_ACCUMULATOR, failed);
    }

    @Override
    public Tuple2<String, byte[]> map(FailedRecord f) {
        failed.add(1);
        String bucket =
                errorPrefix.prefixFor(
                        f.getRecord().getArrivalTimeMillis(),
                        f.getRecord().getPartitionKeys(),
                        f.getType());
        return Tuple2.of(bucket, formatter.format(f, System.currentTimeMillis()));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        errorPrefix.newBuffers();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {}
}
