package dev.brook.source.reader;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Per-shard progress shared by a reader's fetcher thread and its task thread: the end offsets of
 * finished shards, and the metrics: millisBehindLatest per shard (a gauge in the group {@code
 * shardId.<id>}) and records skipped because retention deleted them before they were read.
 */
final class ShardProgress {
    private final MetricGroup metrics;
    private final Counter skippedByRetention;
    private final Map<String, Long> behind = new ConcurrentHashMap<>();
    private final Map<String, Long> endOffsets = new ConcurrentHashMap<>();

    ShardProgress(MetricGroup metrics) {
        this.metrics = metrics;
        this.skippedByRetention = metrics.counter("recordsSkippedByRetention");
    }

    void started(String shard) {
        if (behind.putIfAbsent(shard, 0L) == null) {
            metrics.addGroup("shardId", shard)
                    .gauge("millisBehindLatest", () -> behind.getOrDefault(shard, 0L));
        }
    }

    void update(String shard, long millisBehind, long skipped) {
        behind.put(shard, millisBehind);
        if (skipped > 0) {
            skippedByRetention.inc(skipped);
        }
    }

    void finished(String shard, long endOffset) {
        behind.put(shard, 0L);
        endOffsets.put(shard, endOffset);
    }

    /** The end offset a finished shard was read to (removed once asked). */
    long takeEndOffset(String shard) {
        Long end = endOffsets.remove(shard);
        return end == null ? -1 : end;
    }
}
