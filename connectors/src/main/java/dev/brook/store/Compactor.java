package dev.brook.store;

import dev.brook.store.segment.SegmentBuilder;
import dev.brook.store.segment.SegmentFile;
import dev.brook.store.segment.SegmentFormat;
import dev.brook.store.segment.SegmentReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a shard's file count bounded by merging runs of small consecutive segments into one. The
 * merged segment keeps the first input's name (so its offsets stay put) and replaces it atomically;
 * the other inputs are deleted after. A reader that probes a deleted name lists the shard and finds
 * its offset inside the merged segment, so none misses or repeats a record.
 *
 * <p>Never touched: a shard's newest segment (writers find the end from it), seals, and segments
 * younger than {@link BrookStoreOptions#CLEANUP_MIN_AGE}. Replacing a file atomically needs a
 * rename that overwrites, which local disks have; on other filesystems compaction is skipped.
 */
public final class Compactor {
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

    /** What one run merged. */
    public record Report(int segmentsMerged, int segmentsWritten) {}

    private final BrookStore store;

    Compactor(BrookStore store) {
        this.store = store;
    }

    Report compact(String stream) {
        if (!"file".equals(store.fileSystem().getUri().getScheme())) {
            LOG.info("Stream {}: compaction skipped on {}", stream, store.fileSystem().getUri());
            return new Report(0, 0);
        }
        StreamMetadata meta = store.metadata(stream);
        long now = store.clock().millis();
        long minAge = store.config().get(BrookStoreOptions.CLEANUP_MIN_AGE).toMillis();
        long lease = store.config().get(BrookStoreOptions.MAINTENANCE_LOCK_LEASE).toMillis();
        int trigger = store.config().get(BrookStoreOptions.COMPACTION_TRIGGER_SEGMENTS);
        long target = store.config().get(BrookStoreOptions.COMPACTION_TARGET_SIZE).getBytes();
        int merged = 0;
        int written = 0;
        for (ShardMetadata shard : meta.shards()) {
            ShardLog log = store.shardLog(stream, shard.shardId());
            try (MaintenanceLock lock =
                    MaintenanceLock.tryAcquire(
                            store.files(),
                            store.layout().staging(stream),
                            store.layout().maintenanceLock(stream, shard.shardId()),
                            lease,
                            now)) {
                if (lock == null) {
                    continue;
                }
                List<ShardLog.SegmentRef> refs = log.list().segments();
                if (refs.size() <= trigger) {
                    continue;
                }
                List<SegmentFile> run = new ArrayList<>();
                long runBytes = 0;
                // The newest segment is never a candidate.
                for (int i = 0; i < refs.size() - 1; i++) {
                    ShardLog.SegmentRef ref = refs.get(i);
                    SegmentFile f = log.openOrNull(ref.path());
                    boolean candidate =
                            f != null
                                    && !f.isSeal()
                                    && f.length() < target
                                    && now - ref.modifiedMillis() >= minAge;
                    if (!candidate || runBytes + f.length() > target) {
                        if (run.size() >= 2) {
                            merged += merge(stream, log, run);
                            written++;
                        }
                        run.clear();
                        runBytes = 0;
                    }
                    if (candidate) {
                        run.add(f);
                        runBytes += f.length();
                    }
                }
                if (run.size() >= 2) {
                    merged += merge(stream, log, run);
                    written++;
                }
            } catch (IOException e) {
                throw BrookException.io("compaction of shard " + shard.shardId() + " failed", e);
            }
        }
        if (merged > 0) {
            LOG.info("Stream {}: compaction merged {} segments into {}", stream, merged, written);
        }
        return new Report(merged, written);
    }

    private int merge(String stream, ShardLog log, List<SegmentFile> run) throws IOException {
        long bytes = run.stream().mapToLong(SegmentFile::length).sum();
        SegmentBuilder builder =
                new SegmentBuilder(
                        (int) Math.min(bytes, Integer.MAX_VALUE - 64),
                        SegmentBuilder.DEFAULT_INDEX_INTERVAL);
        for (SegmentFile f : run) {
            try (SegmentReader r = new SegmentReader(store.fileSystem(), f, f.baseOffset())) {
                r.readFrames(builder::append);
            }
        }
        SegmentFile first = run.get(0);
        Path staged =
                store.files()
                        .stage(
                                store.layout().staging(stream),
                                out ->
                                        builder.writeTo(
                                                out,
                                                log.ordinal(),
                                                first.baseOffset(),
                                                new UUID(0, 0),
                                                0,
                                                SegmentFormat.FLAG_COMPACTED,
                                                false,
                                                0));
        Files.move(
                new File(staged.toUri().getPath()).toPath(),
                new File(first.path().toUri().getPath()).toPath(),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        for (int i = 1; i < run.size(); i++) {
            store.fileSystem().delete(run.get(i).path(), false);
        }
        return run.size();
    }
}
