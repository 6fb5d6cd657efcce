package dev.brook.sink;

import dev.brook.store.BrookStore;
import dev.brook.store.HashKey;
import dev.brook.store.PartitionKeyCache;
import dev.brook.store.ShardBatch;
import dev.brook.store.ShardRouter;
import dev.brook.store.StagedSegments;
import dev.brook.store.StreamMetadata;
import dev.brook.store.segment.SegmentBuilder;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records per shard and, by delivery guarantee, either publishes them (every flush
 * interval, when a shard's buffer is full, and at checkpoints) or stages them as segments whose
 * publication the committer does once the checkpoint completed.
 */
final class BrookSinkWriter<T> implements CommittingSinkWriter<T, StagedSegments.Staged> {
    private static final Logger LOG = LoggerFactory.getLogger(BrookSinkWriter.class);
    private static final int MAX_SPARE_BUILDERS = 16;

    private final BrookStore store;
    private final String stream;
    private final BrookSerializationSchema<T> schema;
    private final DeliveryGuarantee guarantee;
    private final int batchBytes;
    private final long flushMillis;
    private final long retentionMillis;
    private final boolean runsRetention;
    private final ProcessingTimeService timers;
    private final Counter recordsOut;
    private final Counter bytesOut;
    private final UUID writerId = UUID.randomUUID();
    private final PartitionKeyCache keys = PartitionKeyCache.shared();
    private final Map<String, ShardBatch<Void>> open = new HashMap<>();

    /** Builders of staged or published batches, emptied, for the next batches. */
    private final ArrayDeque<SegmentBuilder> spare = new ArrayDeque<>();

    private final List<StagedSegments.Staged> staged = new ArrayList<>();
    private ShardRouter router;
    private long commitId;
    private long lastRetention;
    private volatile long lastSendMillis;

    BrookSinkWriter(
            BrookStore store,
            String stream,
            BrookSerializationSchema<T> schema,
            DeliveryGuarantee guarantee,
            int batchBytes,
            long flushMillis,
            long retentionMillis,
            boolean runsRetention,
            ProcessingTimeService timers,
            SinkWriterMetricGroup metrics) {
        this.store = store;
        this.stream = stream;
        this.schema = schema;
        this.guarantee = guarantee;
        this.batchBytes = batchBytes;
        this.flushMillis = flushMillis;
        this.retentionMillis = retentionMillis;
        this.runsRetention = runsRetention;
        this.timers = timers;
        this.recordsOut = metrics.getNumRecordsSendCounter();
        this.bytesOut = metrics.getNumBytesSendCounter();
        metrics.setCurrentSendTimeGauge(() -> lastSendMillis);
        this.router = new ShardRouter(store.metadata(stream));
        this.lastRetention = System.currentTimeMillis();
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
            scheduleFlush();
        }
    }

    private void scheduleFlush() {
        timers.registerTimer(
                timers.getCurrentProcessingTime() + flushMillis,
                time -> {
                    publishAll();
                    scheduleFlush();
                });
    }

    @Override
    public void write(T element, Context context) throws IOException {
        PartitionKeyCache.Entry key = keys.get(schema.partitionKey(element));
        String explicitHashKey = schema.explicitHashKey(element);
        byte[] data = schema.data(element);
        BrookStore.checkRecordSize(router.metadata(), data.length);
        HashKey explicit = explicitHashKey == null ? null : HashKey.parse(explicitHashKey);
        int index = explicit != null ? router.indexOf(explicit) : key.shardIndex(router);
        String shard = router.shard(index).shardId();
        byte[] keyBytes = key.utf8();
        int size = SegmentBuilder.framedSize(keyBytes.length, explicit != null, data.length);
        ShardBatch<Void> batch = open.get(shard);
        if (batch != null && batch.bytes() + size > batchBytes) {
            // Complete the batch as it is rather than grow it past the batch size: growing would
            // copy the whole buffer for one record.
            open.remove(shard);
            complete(batch);
            batch = null;
        }
        if (batch == null) {
            batch = ShardBatch.untagged(shard, takeBuilder());
            open.put(shard, batch);
        }
        batch.add(keyBytes, explicit, data, 0, data.length, null);
        recordsOut.inc();
        bytesOut.inc(data.length);
        if (batch.bytes() >= batchBytes) {
            open.remove(shard);
            complete(batch);
        }
    }

    /** Stages (exactly-once) or publishes a full batch; its builder is then reused. */
    private void complete(ShardBatch<Void> batch) throws IOException {
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            stage(batch);
        } else {
            publish(List.of(batch));
        }
    }

    /** An empty builder: a spare one (keeping the capacity it grew to) or a new one. */
    private SegmentBuilder takeBuilder() {
        SegmentBuilder b = spare.poll();
        return b != null ? b : new SegmentBuilder(64 * 1024, SegmentBuilder.DEFAULT_INDEX_INTERVAL);
    }

    /** Keeps the builder of a batch that was staged or published, for the next batch. */
    private void recycle(ShardBatch<Void> batch) {
        SegmentBuilder b = batch.builder();
        b.clear();
        if (spare.size() < MAX_SPARE_BUILDERS) {
            spare.add(b);
        }
    }

    private void stage(ShardBatch<Void> batch) throws IOException {
        staged.add(
                store.staged().stage(stream, batch.shardId(), batch.builder(), writerId, commitId));
        recycle(batch);
    }

    private void publish(Collection<ShardBatch<Void>> batches) {
        long start = System.currentTimeMillis();
        store.publish(stream, batches, (tag, shard, offset, arrival) -> {});
        lastSendMillis = System.currentTimeMillis() - start;
        for (ShardBatch<Void> b : batches) {
            recycle(b);
        }
    }

    private void publishAll() {
        if (!open.isEmpty()) {
            List<ShardBatch<Void>> all = new ArrayList<>(open.values());
            open.clear();
            publish(all);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        if (guarantee == DeliveryGuarantee.AT_LEAST_ONCE
                || (endOfInput && guarantee == DeliveryGuarantee.NONE)) {
            publishAll();
        }
    }

    @Override
    public Collection<StagedSegments.Staged> prepareCommit() throws IOException {
        refreshRouter();
        maybeRunRetention();
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
            return List.of();
        }
        for (ShardBatch<Void> batch : open.values()) {
            stage(batch);
        }
        open.clear();
        commitId++;
        List<StagedSegments.Staged> out = List.copyOf(staged);
        staged.clear();
        return out;
    }

    /** Picks up reshards; buffered records of closed shards move to the shards now holding them. */
    private void refreshRouter() {
        StreamMetadata latest = store.metadata(stream);
        if (latest.version() == router.metadata().version()) {
            return;
        }
        router = new ShardRouter(latest);
        Map<String, ShardBatch<Void>> moved = new HashMap<>();
        for (Iterator<ShardBatch<Void>> it = open.values().iterator(); it.hasNext(); ) {
            ShardBatch<Void> b = it.next();
            if (latest.shard(b.shardId()).map(s -> !s.isOpen()).orElse(true)) {
                it.remove();
                moved.put(b.shardId(), b);
            }
        }
        for (ShardBatch<Void> b : moved.values()) {
            b.rerouteInto(
                    router, s -> open.computeIfAbsent(s, id -> new ShardBatch<>(id, b.bytes())));
        }
    }

    private void maybeRunRetention() {
        long now = System.currentTimeMillis();
        if (runsRetention && now - lastRetention >= retentionMillis) {
            lastRetention = now;
            try {
                store.enforceRetention(stream);
            } catch (RuntimeException e) {
                LOG.warn("Retention of {} failed: {}", stream, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
