package dev.brook.source.reader;

import dev.brook.source.BrookDeserializationSchema;
import dev.brook.source.enumerator.CheckpointedPositionsEvent;
import dev.brook.source.enumerator.ShardsFinishedEvent;
import dev.brook.source.split.BrookShardSplit;
import dev.brook.source.split.BrookShardSplitState;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * The source reader: one fetcher thread for all its shards. A shard read to its end stays in this
 * reader's checkpointed state (marked finished) until a checkpoint that includes it completes,
 * because the enumerator may not have received the news before its own snapshot: on restore the
 * reader reports it finished again, so the shard is neither re-read nor lost.
 */
public final class BrookSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<
                Record, T, BrookShardSplit, BrookShardSplitState> {
    private final ShardProgress progress;
    private final BrookStore store;
    private final boolean reportPositions;
    private final Map<String, Long> finishedUnconfirmed = new HashMap<>();
    private final TreeMap<Long, Map<String, Long>> finishedAt = new TreeMap<>();
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
            boolean reportPositions) {
        super(
                () ->
                        new BrookShardSplitReader(
                                store, stream, maxRecordsPerShard, idleMillis, progress),
                new BrookRecordEmitter<>(
                        schema, context.metricGroup().getIOMetricGroup().getNumBytesInCounter()),
                config,
                context);
        this.store = store;
        this.progress = progress;
        this.reportPositions = reportPositions;
    }

    /** Creates a reader and opens its deserializer. */
    public static <T> BrookSourceReader<T> create(
            BrookStore store,
            String stream,
            BrookDeserializationSchema<T> schema,
            SourceReaderContext context,
            int maxRecordsPerShard,
            long idleMillis,
            boolean reportPositions)
            throws Exception {
        schema.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return context.metricGroup().addGroup("deserializer");
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return context.getUserCodeClassLoader();
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
                reportPositions);
    }

    @Override
    protected void onSplitFinished(Map<String, BrookShardSplitState> finishedSplits) {
        Map<String, Long> ends = new HashMap<>();
        for (Map.Entry<String, BrookShardSplitState> e : finishedSplits.entrySet()) {
            long end = progress.takeEndOffset(e.getKey());
            ends.put(e.getKey(), end >= 0 ? end : e.getValue().nextOffset());
        }
        finishedUnconfirmed.putAll(ends);
        context.sendSourceEventToCoordinator(new ShardsFinishedEvent(ends));
    }

    @Override
    public void addSplits(List<BrookShardSplit> splits) {
        List<BrookShardSplit> toRead = new ArrayList<>();
        Map<String, Long> alreadyFinished = new HashMap<>();
        for (BrookShardSplit s : splits) {
            if (s.isFinished()) {
                alreadyFinished.put(s.shardId(), s.startOffset());
            } else {
                toRead.add(s);
            }
        }
        if (!alreadyFinished.isEmpty()) {
            finishedUnconfirmed.putAll(alreadyFinished);
            context.sendSourceEventToCoordinator(new ShardsFinishedEvent(alreadyFinished));
        }
        if (!toRead.isEmpty()) {
            super.addSplits(toRead);
        }
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
        for (Map.Entry<String, Long> e : finishedUnconfirmed.entrySet()) {
            splits.add(
                    BrookShardSplit.at(e.getKey(), e.getValue(), BrookShardSplit.NO_STOP)
                            .asFinished(e.getValue()));
            positions.put(e.getKey(), e.getValue());
        }
        finishedAt.put(checkpointId, Map.copyOf(finishedUnconfirmed));
        positionsAt.put(checkpointId, positions);
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        NavigableMap<Long, Map<String, Long>> done = finishedAt.headMap(checkpointId, true);
        for (Map<String, Long> f : done.values()) {
            f.forEach((shard, end) -> finishedUnconfirmed.remove(shard, end));
        }
        done.clear();
        Map<String, Long> positions = positionsAt.get(checkpointId);
        positionsAt.headMap(checkpointId, true).clear();
        if (reportPositions && positions != null && !positions.isEmpty()) {
            context.sendSourceEventToCoordinator(
                    new CheckpointedPositionsEvent(checkpointId, positions));
        }
    }

    @Override
    protected BrookShardSplitState initializedState(BrookShardSplit split) {
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
