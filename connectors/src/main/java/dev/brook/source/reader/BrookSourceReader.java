package dev.brook.source.reader;

import dev.brook.source.BrookDeserializationSchema;
import dev.brook.source.enumerator.CheckpointedPositionsEvent;
import dev.brook.source.enumerator.ShardsFinishedEvent;
import dev.brook.source.split.BrookShardSplit;
import dev.brook.source.split.BrookShardSplitState;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import dev.brook.store.ShardMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.RichSourceReaderContext;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * The source reader: one fetcher thread for all its shards.
 *
 * <p>A shard read to its end is reported to the enumerator, which then hands out its children, only
 * once a checkpoint taken after its last record was emitted has completed (when checkpointing is
 * on). With aligned checkpoints that completion means every operator downstream has processed those
 * records, so a child's records, which another reader may emit, can never overtake its parent's on
 * the way to a keyed operator or a sink: per-key order holds across reshards. Without checkpointing
 * the report is immediate (and a child read by another reader may race its parent).
 *
 * <p>A finished shard stays in this reader's checkpointed state (marked finished) until a
 * checkpoint taken after the report completes, because the enumerator may not have received the
 * report before its own snapshot: on restore the reader finishes and reports it again, so the shard
 * is neither re-read nor lost.
 */
public final class BrookSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<
                Record, T, BrookShardSplit, BrookShardSplitState> {
    private final ShardProgress progress;
    private final BrookStore store;
    private final String stream;
    private final boolean reportPositions;
    private final boolean reportAfterCheckpoint;
    private final boolean bounded;

    /** Finished shards (end offsets), in every snapshot until the enumerator surely knows. */
    private final Map<String, Long> finishedUnconfirmed = new HashMap<>();

    /** Those of them already reported to the enumerator. */
    private final Set<String> reported = new HashSet<>();

    /**
     * Per checkpoint: finished shards reported before its snapshot (forgotten when it completes).
     */
    private final TreeMap<Long, Map<String, Long>> reportedAt = new TreeMap<>();

    /**
     * Per checkpoint: finished shards not yet reported at its snapshot (reported when it
     * completes).
     */
    private final TreeMap<Long, Map<String, Long>> unreportedAt = new TreeMap<>();

    private final TreeMap<Long, Map<String, Long>> positionsAt = new TreeMap<>();

    private BrookSourceReader(
            BrookStore store,
            String stream,
            BrookDeserializationSchema<T> schema,
            ShardProgress progress,
            Configuration config,
            SourceReaderContext context,
            int maxRecordsPerShard,
            long idleMillis,
            boolean reportPositions,
            boolean bounded) {
        super(
                () ->
                        new BrookShardSplitReader(
                                store, stream, maxRecordsPerShard, idleMillis, progress),
                new BrookRecordEmitter<>(
                        schema, context.metricGroup().getIOMetricGroup().getNumBytesInCounter()),
                config,
                context);
        this.store = store;
        this.stream = stream;
        this.progress = progress;
        this.reportPositions = reportPositions;
        this.reportAfterCheckpoint = checkpointingEnabled(context);
        this.bounded = bounded;
    }

    /** Whether the job checkpoints (false if the context does not tell, e.g. in unit tests). */
    private static boolean checkpointingEnabled(SourceReaderContext context) {
        if (context instanceof RichSourceReaderContext
                && ((RichSourceReaderContext) context).getRuntimeContext()
                        instanceof StreamingRuntimeContext) {
            StreamingRuntimeContext runtime =
                    (StreamingRuntimeContext)
                            ((RichSourceReaderContext) context).getRuntimeContext();
            return CheckpointingOptions.isCheckpointingEnabled(runtime.getJobConfiguration());
        }
        return false;
    }

    /** Creates a reader and opens its deserializer. */
    public static <T> BrookSourceReader<T> create(
            BrookStore store,
            String stream,
            BrookDeserializationSchema<T> schema,
            SourceReaderContext context,
            int maxRecordsPerShard,
            long idleMillis,
            boolean reportPositions,
            boolean bounded)
            throws Exception {
        schema.open(
                new BrookDeserializationSchema.ReaderContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return context.metricGroup().addGroup("deserializer");
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return context.getUserCodeClassLoader();
                    }

                    @Override
                    public Counter numRecordsInErrorsCounter() {
                        return context.metricGroup().getNumRecordsInErrorsCounter();
                    }
                });
        return new BrookSourceReader<>(
                store,
                stream,
                schema,
                new ShardProgress(context.metricGroup()),
                context.getConfiguration(),
                context,
                maxRecordsPerShard,
                idleMillis,
                reportPositions,
                bounded);
    }

    @Override
    protected void onSplitFinished(Map<String, BrookShardSplitState> finishedSplits) {
        Map<String, Long> ends = new HashMap<>();
        Map<String, Long> reportNow = new HashMap<>();
        for (Map.Entry<String, BrookShardSplitState> e : finishedSplits.entrySet()) {
            long end = progress.takeEndOffset(e.getKey());
            end = end >= 0 ? end : e.getValue().nextOffset();
            ends.put(e.getKey(), end);
            if (!reportAfterCheckpoint || releasesNoChild(e.getValue().split())) {
                reportNow.put(e.getKey(), end);
            }
        }
        finishedUnconfirmed.putAll(ends);
        reported.removeAll(ends.keySet());
        if (!reportNow.isEmpty()) {
            report(reportNow);
        }
    }

    /**
     * Whether reporting a finished split at once is safe: a bounded read that stopped at the end
     * its shard had at the start, while the shard is still open. Such a shard had no children when
     * the job started, and a bounded read never reads children born later, so the report cannot let
     * a child's records overtake this shard's. Reporting it now rather than after the next
     * checkpoint lets a bounded read end as soon as its last shard is read. When in doubt (a closed
     * shard, metadata that cannot be read) the report waits for the checkpoint.
     */
    private boolean releasesNoChild(BrookShardSplit split) {
        if (split.stopOffset() == BrookShardSplit.NO_STOP) {
            return false;
        }
        try {
            return store.metadata(stream)
                    .shard(split.shardId())
                    .map(ShardMetadata::isOpen)
                    .orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void report(Map<String, Long> ends) {
        reported.addAll(ends.keySet());
        context.sendSourceEventToCoordinator(new ShardsFinishedEvent(ends));
    }

    @Override
    public List<BrookShardSplit> snapshotState(long checkpointId) {
        List<BrookShardSplit> splits = new ArrayList<>(super.snapshotState(checkpointId));
        Map<String, Long> positions = new HashMap<>();
        for (BrookShardSplit s : splits) {
            if (s.startOffset() != BrookShardSplit.UNRESOLVED) {
                positions.put(s.shardId(), s.startOffset());
            }
        }
        Map<String, Long> wasReported = new HashMap<>();
        Map<String, Long> notReported = new HashMap<>();
        for (Map.Entry<String, Long> e : finishedUnconfirmed.entrySet()) {
            // A finished split keeps the boundedness of the read: a bounded one ended at its stop.
            long stop = bounded ? e.getValue() : BrookShardSplit.NO_STOP;
            splits.add(BrookShardSplit.at(e.getKey(), e.getValue(), stop).asFinished(e.getValue()));
            positions.put(e.getKey(), e.getValue());
            (reported.contains(e.getKey()) ? wasReported : notReported)
                    .put(e.getKey(), e.getValue());
        }
        reportedAt.put(checkpointId, wasReported);
        unreportedAt.put(checkpointId, notReported);
        positionsAt.put(checkpointId, positions);
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        NavigableMap<Long, Map<String, Long>> known = reportedAt.headMap(checkpointId, true);
        for (Map<String, Long> f : known.values()) {
            f.forEach(
                    (shard, end) -> {
                        if (finishedUnconfirmed.remove(shard, end)) {
                            reported.remove(shard);
                        }
                    });
        }
        known.clear();
        // Everything these shards emitted came before this checkpoint's barriers, and the
        // checkpoint completed: it has all been processed downstream.
        NavigableMap<Long, Map<String, Long>> ready = unreportedAt.headMap(checkpointId, true);
        Map<String, Long> toReport = new HashMap<>();
        for (Map<String, Long> f : ready.values()) {
            f.forEach(
                    (shard, end) -> {
                        if (end.equals(finishedUnconfirmed.get(shard))
                                && !reported.contains(shard)) {
                            toReport.put(shard, end);
                        }
                    });
        }
        ready.clear();
        if (!toReport.isEmpty()) {
            report(toReport);
        }
        Map<String, Long> positions = positionsAt.get(checkpointId);
        positionsAt.headMap(checkpointId, true).clear();
        if (reportPositions && positions != null && !positions.isEmpty()) {
            context.sendSourceEventToCoordinator(
                    new CheckpointedPositionsEvent(checkpointId, positions));
        }
    }

    @Override
    protected BrookShardSplitState initializedState(BrookShardSplit split) {
        split.checkBoundedness(bounded, stream);
        return new BrookShardSplitState(split);
    }

    @Override
    protected BrookShardSplit toSplitType(String splitId, BrookShardSplitState state) {
        return state.toSplit();
    }

    @Override
    public void close() throws Exception {
        super.close();
        store.close();
    }
}
