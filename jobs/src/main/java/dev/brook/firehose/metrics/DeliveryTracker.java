package dev.brook.firehose.metrics;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts what a destination delivered, as {@code <destination>.Records}, {@code .Bytes}, {@code
 * .Success} and {@code .DataFreshness}, in one of two ways:
 *
 * <ul>
 *   <li>Committed at checkpoints (files, JDBC): a sink makes a record durable with the first
 *       checkpoint after it, so records handed to the sink are pending per checkpoint and count as
 *       delivered when that checkpoint completes ({@link #handedToSink}, {@link #barrier}, {@link
 *       #checkpointCompleted}). {@code Success} is the share of checkpoints carrying records that
 *       completed rather than aborted.
 *   <li>Acknowledged (HTTP endpoint): records count when the endpoint accepted their request
 *       ({@link #acknowledged}); {@code Success} is the share of requests accepted ({@link
 *       #attempted}).
 * </ul>
 *
 * {@code DataFreshness} is the age, in seconds, of the oldest record handed to the destination and
 * not yet delivered (0 when there is none).
 */
public final class DeliveryTracker {
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

    public DeliveryTracker(MetricGroup operatorGroup, RuntimeContext context, String destination) {
        MetricGroup group = FirehoseMetrics.group(operatorGroup).addGroup(destination);
        records = group.counter(FirehoseMetrics.RECORDS);
        bytes = group.counter(FirehoseMetrics.BYTES);
        group.gauge(FirehoseMetrics.SUCCESS, () -> success);
        group.gauge(FirehoseMetrics.DATA_FRESHNESS, this::dataFreshnessSeconds);
        context.addAccumulator(FirehoseMetrics.DELIVERED_RECORDS_ACCUMULATOR, recordsAccumulator);
        context.addAccumulator(FirehoseMetrics.DELIVERED_BYTES_ACCUMULATOR, bytesAccumulator);
    }

    public void handedToSink(long arrivalMillis, int dataBytes) {
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
    public void barrier(long checkpointId) {
        if (count > 0) {
            pending.put(checkpointId, new long[] {oldest, count, size});
        }
        oldest = Long.MAX_VALUE;
        count = 0;
        size = 0;
    }

    public void checkpointCompleted(long checkpointId) {
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

    public void checkpointAborted(long checkpointId) {
        if (pending.containsKey(checkpointId)) {
            aborted++;
            success = completed / (double) (completed + aborted);
        }
        // The records stay pending: the next completed checkpoint commits them.
    }

    /** An endpoint accepted a request with these records: they are delivered now. */
    public void acknowledged(long records, long dataBytes) {
        this.records.inc(records);
        bytes.inc(dataBytes);
        recordsAccumulator.add(records);
        bytesAccumulator.add(dataBytes);
    }

    /** One request to an endpoint ended, accepted or not. */
    public void attempted(boolean accepted) {
        if (accepted) {
            completed++;
        } else {
            aborted++;
        }
        success = completed / (double) (completed + aborted);
    }

    /**
     * The arrival time of the oldest record not yet acknowledged, or {@link Long#MAX_VALUE} for
     * none (for destinations that track it themselves).
     */
    public void oldestUndelivered(long arrivalMillis) {
        oldestUndelivered = arrivalMillis;
    }

    private void recomputeOldest() {
        long min = oldest;
        for (long[] p : pending.values()) {
            min = Math.min(min, p[0]);
        }
        oldestUndelivered = min;
    }

    public long dataFreshnessSeconds() {
        long o = oldestUndelivered;
        return o == Long.MAX_VALUE ? 0 : Math.max(0, (System.currentTimeMillis() - o) / 1000);
    }
}
