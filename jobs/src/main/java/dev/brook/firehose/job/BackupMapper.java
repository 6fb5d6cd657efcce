package dev.brook.firehose.job;

import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.prefix.S3Prefix;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/** A source record's data, as it came, in the bucket of the backup prefix. */
final class BackupMapper
        implements MapFunction<FirehoseRecord, Tuple2<String, byte[]>>, CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final BufferPrefixes backupPrefix;

    BackupMapper(S3Prefix backupPrefix) {
        this.backupPrefix = new BufferPrefixes(backupPrefix);
    }

    @Override
    public Tuple2<String, byte[]> map(FirehoseRecord r) {
        return Tuple2.of(
                backupPrefix.prefixFor(r.getArrivalTimeMillis(), Map.of(), null), r.getData());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        backupPrefix.newBuffers();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {}
}
