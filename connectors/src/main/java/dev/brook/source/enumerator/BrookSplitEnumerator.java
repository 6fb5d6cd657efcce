package dev.brook.source.enumerator;

import dev.brook.source.split.BrookShardSplit;
import dev.brook.store.BrookStore;
import dev.brook.store.SequenceNumber;
import dev.brook.store.ShardIds;
import dev.brook.store.ShardLog;
import dev.brook.store.ShardMetadata;
import dev.brook.store.StartingPosition;
import dev.brook.store.StreamMetadata;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers a stream's shards and hands them to readers: a child only after all its parents were
 * read to their seals (so per-key order holds across resharding), each to the reader with the
 * fewest shards. Readers report finished shards; with a consumer name, positions of completed
 * checkpoints are recorded with the stream, which drives checkpoint-based retention.
 */
public final class BrookSplitEnumerator
        implements SplitEnumerator<BrookShardSplit, BrookEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(BrookSplitEnumerator.class);

    /** What the enumerator needs of the source's settings. */
    public record Settings(
            String stream,
            StartingPosition start,
            boolean bounded,
            long discoveryMillis,
            @Nullable String consumerName)
            implements java.io.Serializable {}

    /** One metadata read, with shard ends when they are needed (first discovery). */
    private record Discovery(StreamMetadata metadata, @Nullable Map<String, Long> ends) {}

    private final SplitEnumeratorContext<BrookShardSplit> context;
    private final BrookStore store;
    private final Settings settings;
    private final Set<String> assigned;
    private final Set<String> finished;
    private final List<BrookShardSplit> unassigned;
    private final Map<String, Long> pinnedStarts;
    private final Map<String, Long> stopOffsets;
    private final Map<Integer, Integer> load = new HashMap<>();
    private final Map<String, Long> consumerPositions = new HashMap<>();
    private volatile boolean initialized;
    private StreamMetadata metadata;
    private boolean noMoreSplitsSignalled;

    public BrookSplitEnumerator(
            SplitEnumeratorContext<BrookShardSplit> context,
            BrookStore store,
            Settings settings,
            BrookEnumeratorState state) {
        this.context = context;
        this.store = store;
        this.settings = settings;
        this.assigned = new HashSet<>(state.assigned());
        this.finished = new HashSet<>(state.finished());
        this.unassigned = new ArrayList<>(state.unassigned());
        this.pinnedStarts = new HashMap<>(state.pinnedStarts());
        this.stopOffsets = new HashMap<>(state.stopOffsets());
        this.initialized = state.initialized();
    }

    @Override
    public void start() {
        if (settings.consumerName() != null) {
            store.consumers().register(settings.stream(), settings.consumerName());
        }
        if (settings.bounded()) {
            context.callAsync(this::discover, this::onDiscovery);
        } else {
            context.callAsync(this::discover, this::onDiscovery, 0, settings.discoveryMillis());
        }
    }

    /** Runs in the worker thread: all I/O happens here. */
    private Discovery discover() throws IOException {
        StreamMetadata m = store.metadata(settings.stream());
        if (initialized) {
            return new Discovery(m, null);
        }
        Map<String, Long> ends = new HashMap<>();
        for (ShardMetadata s : m.shards()) {
            ShardLog log = store.shardLog(settings.stream(), s.shardId());
            long seal = s.isOpen() ? -1 : log.sealOffset();
            ends.put(s.shardId(), seal >= 0 ? seal : log.endOffset());
        }
        return new Discovery(m, ends);
    }

    private void onDiscovery(Discovery d, Throwable error) {
        if (error != null) {
            if (!initialized) {
                throw new FlinkRuntimeException(
                        "cannot read stream " + settings.stream() + ": " + error.getMessage(),
                        error);
            }
            LOG.warn("Shard discovery of {} failed: {}", settings.stream(), error.getMessage());
            return;
        }
        metadata = d.metadata();
        if (!initialized) {
            initialize(d);
        }
        createSplits();
        assignPending();
    }

    /** Fixes everything about the start that must not change on restart. */
    private void initialize(Discovery d) {
        StreamMetadata m = d.metadata();
        if (settings.bounded()) {
            stopOffsets.putAll(d.ends());
        }
        StartingPosition.Type type = settings.start().type();
        if (type == StartingPosition.Type.LATEST) {
            for (ShardMetadata s : m.shards()) {
                if (s.isOpen()) {
                    pinnedStarts.put(s.shardId(), d.ends().get(s.shardId()));
                } else {
                    finished.add(s.shardId());
                }
            }
        } else if (type == StartingPosition.Type.AT_SEQUENCE_NUMBER
                || type == StartingPosition.Type.AFTER_SEQUENCE_NUMBER) {
            String target =
                    ShardIds.format(
                            SequenceNumber.parse(settings.start().sequenceNumber()).shardOrdinal());
            m.requireShard(target);
            // The named shard's ancestors hold only records before the sequence number.
            Deque<String> todo = new ArrayDeque<>(m.requireShard(target).parentShardIds());
            while (!todo.isEmpty()) {
                String p = todo.pop();
                if (finished.add(p)) {
                    m.shard(p).ifPresent(s -> todo.addAll(s.parentShardIds()));
                }
            }
        }
        initialized = true;
        LOG.info(
                "Brook source on {} starts at {}{}",
                settings.stream(),
                settings.start().type(),
                settings.bounded() ? ", bounded at " + stopOffsets : "");
    }

    private StartingPosition startFor(ShardMetadata s) {
        StartingPosition start = settings.start();
        switch (start.type()) {
            case LATEST:
                return StartingPosition.trimHorizon(); // a child born after the job started
            case AT_SEQUENCE_NUMBER:
            case AFTER_SEQUENCE_NUMBER:
                long ordinal = SequenceNumber.parse(start.sequenceNumber()).shardOrdinal();
                return s.ordinal() == ordinal ? start : StartingPosition.trimHorizon();
            default:
                return start;
        }
    }

    /** Makes splits of every shard whose parents are all finished. */
    private void createSplits() {
        if (metadata == null) {
            return;
        }
        boolean progress = true;
        while (progress) {
            progress = false;
            for (ShardMetadata s : metadata.shards()) {
                String id = s.shardId();
                if (assigned.contains(id) || finished.contains(id)) {
                    continue;
                }
                if (settings.bounded() && !stopOffsets.containsKey(id)) {
                    continue; // created after the job started
                }
                boolean parentsDone =
                        s.parentShardIds().stream()
                                .allMatch(p -> finished.contains(p) || metadata.shard(p).isEmpty());
                if (!parentsDone) {
                    continue;
                }
                long stop = settings.bounded() ? stopOffsets.get(id) : BrookShardSplit.NO_STOP;
                Long pinned = pinnedStarts.get(id);
                unassigned.add(
                        pinned != null
                                ? BrookShardSplit.at(id, pinned, stop)
                                : BrookShardSplit.from(id, startFor(s), stop));
                assigned.add(id);
                progress = true;
            }
        }
    }

    private void assignPending() {
        Set<Integer> readers = context.registeredReaders().keySet();
        // Only once every reader has registered: shards handed out while the first reader is
        // alone would all go to it, leaving the others without shards (and holding back the
        // job's watermark) until the next reshard; after a failover, the restarted reader would
        // likewise get none of its shards back.
        if (!readers.isEmpty() && readers.size() >= context.currentParallelism()) {
            Map<Integer, List<BrookShardSplit>> assignment = new LinkedHashMap<>();
            for (BrookShardSplit split : unassigned) {
                int reader =
                        readers.stream()
                                .min(
                                        (a, b) ->
                                                Integer.compare(
                                                        load.getOrDefault(a, 0),
                                                        load.getOrDefault(b, 0)))
                                .orElseThrow();
                load.merge(reader, 1, Integer::sum);
                assignment.computeIfAbsent(reader, r -> new ArrayList<>()).add(split);
            }
            unassigned.clear();
            assignment.forEach(
                    (reader, splits) -> {
                        LOG.info("Assigning {} to reader {}", splits, reader);
                        splits.forEach(s -> context.assignSplit(s, reader));
                    });
        }
        signalNoMoreSplitsIfDone();
    }

    private void signalNoMoreSplitsIfDone() {
        if (!settings.bounded() || !initialized || noMoreSplitsSignalled) {
            return;
        }
        if (unassigned.isEmpty() && finished.containsAll(stopOffsets.keySet())) {
            noMoreSplitsSignalled = true;
            context.registeredReaders().keySet().forEach(context::signalNoMoreSplits);
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        // Splits are pushed as shards are discovered; nothing to do on request.
    }

    @Override
    public void addSplitsBack(List<BrookShardSplit> splits, int subtaskId) {
        load.remove(subtaskId);
        unassigned.addAll(splits);
        assignPending();
    }

    @Override
    public void addReader(int subtaskId) {
        assignPending();
        if (noMoreSplitsSignalled) {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (event instanceof ShardsFinishedEvent) {
            for (String shard : ((ShardsFinishedEvent) event).endOffsets().keySet()) {
                if (finished.add(shard)) {
                    assigned.remove(shard);
                    load.computeIfPresent(subtaskId, (k, v) -> Math.max(0, v - 1));
                }
            }
            createSplits();
            assignPending();
        } else if (event instanceof CheckpointedPositionsEvent) {
            CheckpointedPositionsEvent e = (CheckpointedPositionsEvent) event;
            e.positions().forEach((k, v) -> consumerPositions.merge(k, v, Math::max));
            if (settings.consumerName() != null) {
                Map<String, Long> positions = Map.copyOf(consumerPositions);
                context.callAsync(
                        () ->
                                store.consumers()
                                        .recordPositions(
                                                settings.stream(),
                                                settings.consumerName(),
                                                positions),
                        (r, t) -> {
                            if (t != null) {
                                LOG.warn("Recording consumer positions failed: {}", t.getMessage());
                            }
                        });
            }
        }
    }

    @Override
    public BrookEnumeratorState snapshotState(long checkpointId) {
        return new BrookEnumeratorState(
                Set.copyOf(assigned),
                Set.copyOf(finished),
                List.copyOf(unassigned),
                Map.copyOf(pinnedStarts),
                Map.copyOf(stopOffsets),
                initialized);
    }

    @Override
    public void close() {
        store.close();
    }
}
