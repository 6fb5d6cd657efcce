package dev.brook.store;

import dev.brook.store.segment.SegmentFile;
import java.io.IOException;
import java.util.List;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes whole segments oldest first, so a shard's trim horizon only moves forward. A segment goes
 * when its newest record is older than the retention period, unless a registered consumer has not
 * checkpointed past it and it is younger than the consumers' hard maximum age. Seals are never
 * deleted (they say the shard is closed), and before the newest segment of a shard goes an end
 * marker records the shard's end, so offsets are never reused.
 */
public final class RetentionEnforcer {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionEnforcer.class);

    /** What one run deleted. */
    public record Report(int segmentsDeleted, long recordsDeleted, int shardsSkippedLocked) {}

    private final BrookStore store;

    RetentionEnforcer(BrookStore store) {
        this.store = store;
    }

    Report enforce(String stream) {
        StreamMetadata meta = store.metadata(stream);
        List<ConsumerRegistry.Registration> consumers = store.consumers().list(stream);
        long now = store.clock().millis();
        long cutoff = now - meta.retentionMillis();
        long hardCutoff = now - meta.consumerMaxRetentionMillis();
        long minAge = store.config().get(BrookStoreOptions.CLEANUP_MIN_AGE).toMillis();
        long lease = store.config().get(BrookStoreOptions.MAINTENANCE_LOCK_LEASE).toMillis();
        int segments = 0;
        long records = 0;
        int locked = 0;
        for (ShardMetadata shard : meta.shards()) {
            ShardLog log = store.shardLog(stream, shard.shardId());
            long floor = Long.MAX_VALUE;
            for (ConsumerRegistry.Registration c : consumers) {
                floor = Math.min(floor, c.position(shard.shardId()));
            }
            try (MaintenanceLock lock =
                    MaintenanceLock.tryAcquire(
                            store.files(),
                            store.layout().staging(stream),
                            store.layout().maintenanceLock(stream, shard.shardId()),
                            lease,
                            now)) {
                if (lock == null) {
                    locked++;
                    continue;
                }
                if (!shard.isOpen() && log.sealOffset() < 0) {
                    log.seal(); // a reshard that crashed between its metadata and its seal
                }
                ShardLog.Listing listing = log.list();
                List<ShardLog.SegmentRef> refs = listing.segments();
                for (int i = 0; i < refs.size(); i++) {
                    ShardLog.SegmentRef ref = refs.get(i);
                    SegmentFile f = log.openOrNull(ref.path());
                    if (f == null || f.isSeal() || f.maxArrivalMillis() >= cutoff) {
                        break;
                    }
                    boolean neededByConsumer =
                            f.endOffset() > floor && f.maxArrivalMillis() >= hardCutoff;
                    boolean oldEnough = f.isCompacted() || now - ref.modifiedMillis() >= minAge;
                    if (neededByConsumer || !oldEnough) {
                        break;
                    }
                    if (i == refs.size() - 1) {
                        writeEndMarker(store.fileSystem(), stream, shard.shardId(), f.endOffset());
                        if (listing.endMarker() >= 0 && listing.endMarker() < f.endOffset()) {
                            // The new marker supersedes the old: one per shard, not one per trim.
                            store.fileSystem()
                                    .delete(
                                            store.layout()
                                                    .endMarker(
                                                            stream,
                                                            shard.shardId(),
                                                            listing.endMarker()),
                                            false);
                        }
                    }
                    store.fileSystem().delete(ref.path(), false);
                    segments++;
                    records += f.count();
                }
            } catch (IOException e) {
                throw BrookException.io("retention of shard " + shard.shardId() + " failed", e);
            }
        }
        if (segments > 0) {
            LOG.info(
                    "Stream {}: retention deleted {} segments ({} records)",
                    stream,
                    segments,
                    records);
        }
        return new Report(segments, records, locked);
    }

    private void writeEndMarker(FileSystem fs, String stream, String shardId, long end)
            throws IOException {
        try (FSDataOutputStream out =
                fs.create(
                        store.layout().endMarker(stream, shardId, end),
                        FileSystem.WriteMode.OVERWRITE)) {
            out.flush();
        }
    }
}
