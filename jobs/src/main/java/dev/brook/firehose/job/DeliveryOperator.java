package dev.brook.firehose.job;

import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.metrics.DeliveryTracker;
import dev.brook.firehose.prefix.PrefixEvaluationException;
import dev.brook.firehose.prefix.S3Prefix;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The last step before a file destination: evaluates the prefix of the record's buffer (on the
 * buffer's first record, see {@link BufferPrefixes}) into the bucket, keeps the active-partition
 * limit, encodes the record (format conversion) and tracks delivery. What cannot be placed or
 * converted goes to {@link #FAILED}.
 *
 * <p>A partition is active from its first record until the next checkpoint, when FileSink rolls
 * (and then delivers) every bulk-format file; the limit holds per subtask.
 */
final class DeliveryOperator<T> extends AbstractStreamOperator<Tuple2<String, T>>
        implements OneInputStreamOperator<FirehoseRecord, Tuple2<String, T>>, CheckpointListener {
    private static final long serialVersionUID = 1L;

    static final OutputTag<FailedRecord> FAILED =
            new OutputTag<>("firehose-failed", TypeInformation.of(FailedRecord.class));

    static final String PREFIX_FAILED = "DynamicPartitioning.PrefixEvaluationFailed";
    static final String PARTITIONS_EXCEEDED = "activePartitionExceeded";
    static final String CONVERSION_FAILED = "DataFormatConversion.MalformedData";

    private final BufferPrefixes prefix;
    private final int activePartitionLimit;
    private final RecordEncoder<T> encoder;
    private final String destinationMetrics;

    private transient Set<String> activePartitions;
    private transient DeliveryTracker tracker;
    private transient StreamRecord<Tuple2<String, T>> reuse;

    /**
     * @param activePartitionLimit 0 for none (no dynamic partitioning)
     */
    DeliveryOperator(
            S3Prefix prefix,
            int activePartitionLimit,
            RecordEncoder<T> encoder,
            String destinationMetrics) {
        this.prefix = new BufferPrefixes(prefix);
        this.activePartitionLimit = activePartitionLimit;
        this.encoder = encoder;
        this.destinationMetrics = destinationMetrics;
    }

    @Override
    public void open() throws Exception {
        super.open();
        encoder.open();
        activePartitions = new HashSet<>();
        tracker = new DeliveryTracker(getMetricGroup(), getRuntimeContext(), destinationMetrics);
        reuse = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<FirehoseRecord> element) throws Exception {
        FirehoseRecord r = element.getValue();
        String bucket;
        try {
            bucket = prefix.prefixFor(r.getArrivalTimeMillis(), r.getPartitionKeys(), null);
        } catch (PrefixEvaluationException e) {
            fail(r, ErrorOutputType.PARTITIONING_FAILED, PREFIX_FAILED, e.getMessage());
            return;
        }
        if (activePartitionLimit > 0 && !activePartitions.contains(bucket)) {
            if (activePartitions.size() >= activePartitionLimit) {
                fail(
                        r,
                        ErrorOutputType.PARTITIONING_FAILED,
                        PARTITIONS_EXCEEDED,
                        "the delivery stream has "
                                + activePartitions.size()
                                + " active partitions, its limit (ActivePartitionLimit); prefix "
                                + bucket
                                + " would be one more");
                return;
            }
            activePartitions.add(bucket);
        }
        T encoded;
        try {
            encoded = encoder.encode(r);
        } catch (Exception e) {
            fail(r, ErrorOutputType.FORMAT_CONVERSION_FAILED, CONVERSION_FAILED, e.getMessage());
            return;
        }
        tracker.handedToSink(r.getArrivalTimeMillis(), r.getData().length);
        reuse.replace(Tuple2.of(bucket, encoded));
        output.collect(reuse);
    }

    private void fail(FirehoseRecord r, ErrorOutputType type, String code, String message) {
        output.collect(FAILED, new StreamRecord<>(new FailedRecord(r, type, code, message, 1)));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        tracker.barrier(context.getCheckpointId());
        activePartitions.clear();
        prefix.newBuffers();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        tracker.checkpointCompleted(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        super.notifyCheckpointAborted(checkpointId);
        tracker.checkpointAborted(checkpointId);
    }
}
