package dev.brook.firehose.job;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts what a file destination delivered. FileSink makes a record visible when the first
 * checkpoint after it completes, so records handed to the sink are pending per checkpoint and count
 * as delivered ({@code DeliveryToS3.Records}, {@code .Bytes}) when that checkpoint completes.
 * {@code DataFreshness} is the age, in seconds, of the oldest record handed to the sink and not yet
 * delivered (0 when there is none); {@code Success} the share of checkpoints carrying records that
 * completed rather than aborted.
 */
final class DeliveryTracker {
    private final Counter records;
    private final Counter bytes;
    private final LongCounter recordsAccumulator = new LongCounter();
    private final LongCounter bytesAccumulator = new LongCounter();

    /** Records since the last barrier: oldest arrival time, count, bytes. */
    private long oldest = Long.MAX_VALUE;

    private long count;
    private long size;

    /** Per checkpoint id: {oldest arrival, records, bytes}. */
    private final TreeMap<Long, long[]> pending = new TreeMap<>();

    private volatile long oldestUndelivered = Long.MAX_VALUE;
    private volatile double success = 1.0;
    private long completed;
    private long aborted;

    DeliveryTracker(MetricGroup operatorGroup, RuntimeContext context, String destination) {
        MetricGroup group = FirehoseMetrics.group(operatorGroup).addGroup(destination);
        records = group.counter(FirehoseMetrics.RECORDS);
        bytes = group.counter(FirehoseMetrics.BYTES);
        group.gauge(FirehoseMetrics.SUCCESS, () -> success);
        group.gauge(FirehoseMetrics.DATA_FRESHNESS, this::dataFreshnessSeconds);
        context.addAccumulator(FirehoseMetrics.DELIVERED_RECORDS_ACCUMULATOR, recordsAccumulator);
        context.addAccumulator(FirehoseMetrics.DELIVERED_BYTES_ACCUMULATOR, bytesAccumulator);
    }

    void handedToSink(long arrivalMillis, int dataBytes) {
        count++;
        size += dataBytes;
        if (arrivalMillis < oldest) {
            oldest = arrivalMillis;
            if (arrivalMillis < oldestUndelivered) {
                oldestUndelivered = arrivalMillis;
            }
        }
    }

    /** The barrier of {@code checkpointId} passed: what came before it commits with it. */
    void barrier(long checkpointId) {
        if (count > 0) {
            pending.put(checkpointId, new long[] {oldest, count, size});
        }
        oldest = Long.MAX_VALUE;
        count = 0;
        size = 0;
    }

    void checkpointCompleted(long checkpointId) {
        boolean any = false;
        Iterator<Map.Entry<Long, long[]>> it =
                pending.headMap(checkpointId, true).entrySet().iterator();
        while (it.hasNext()) {
            long[] p = it.next().getValue();
            records.inc(p[1]);
            bytes.inc(p[2]);
            recordsAccumulator.add(p[1]);
            bytesAccumulator.add(p[2]);
            it.remove();
            any = true;
        }
        if (any) {
            completed++;
            success = completed / (double) (completed + aborted);
        }
        recomputeOldest();
    }

    void checkpointAborted(long checkpointId) {
        if (pending.containsKey(checkpointId)) {
            aborted++;
            success = completed / (double) (completed + aborted);
        }
        // The records stay pending: the next completed checkpoint commits them.
    }

    private void recomputeOldest() {
        long min = oldest;
        for (long[] p : pending.values()) {
            min = Math.min(min, p[0]);
        }
        oldestUndelivered = min;
    }

    long dataFreshnessSeconds() {
        long o = oldestUndelivered;
        return o == Long.MAX_VALUE ? 0 : Math.max(0, (System.currentTimeMillis() - o) / 1000);
    }
}
