package dev.brook.store;

import dev.brook.store.segment.SegmentBuilder;
import dev.brook.store.segment.SegmentFile;
import dev.brook.store.segment.SegmentFormat;
import dev.brook.store.segment.SegmentReader;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Two-phase writes for exactly-once delivery: a writer stages whole segments under {@code _staging}
 * before a checkpoint, and a committer publishes them at the shard's end once the checkpoint
 * completed. Committing is idempotent, so a commit retried after a crash never publishes twice, and
 * a staged segment whose shard was sealed meanwhile is re-routed to the shards that now hold its
 * keys.
 */
public final class StagedSegments {
    /** A staged segment waiting for its checkpoint to complete. */
    public record Staged(String stream, String shardId, String path, int count, long maxArrival)
            implements Serializable {}

    private static final String REROUTE_SUFFIX = ".rr";

    private final BrookStore store;

    StagedSegments(BrookStore store) {
        this.store = store;
    }

    /** Writes the builder's records as a staged segment of a shard; the builder can be reused. */
    public Staged stage(
            String stream, String shardId, SegmentBuilder builder, UUID writerId, long commitId)
            throws IOException {
        long now = store.clock().millis();
        Path path =
                new Path(
                        store.layout().staging(stream),
                        writerId
                                + "-"
                                + commitId
                                + "-"
                                + shardId
                                + "-"
                                + UUID.randomUUID()
                                + ".stg");
        write(path, ShardIds.ordinal(shardId), builder, writerId, commitId, true, now);
        return new Staged(stream, shardId, path.toString(), builder.count(), now);
    }

    private void write(
            Path path,
            long ordinal,
            SegmentBuilder builder,
            UUID writerId,
            long commitId,
            boolean stamp,
            long arrival)
            throws IOException {
        try (FSDataOutputStream out = fs().create(path, FileSystem.WriteMode.OVERWRITE)) {
            builder.writeTo(
                    out,
                    ordinal,
                    SegmentFormat.BASE_FROM_NAME,
                    writerId,
                    commitId,
                    (short) 0,
                    stamp,
                    arrival);
            out.flush();
            if (store.config().get(BrookStoreOptions.FSYNC)) {
                out.sync();
            }
        }
    }

    /**
     * Publishes a staged segment. Returns false if it had been published before (a retried commit),
     * true if this call published it.
     */
    public boolean commit(Staged staged) throws IOException {
        Path path = new Path(staged.path());
        if (!fs().exists(path)) {
            List<Staged> children = rerouted(staged);
            for (Staged child : children) {
                commit(child);
            }
            return !children.isEmpty();
        }
        if (publishedButNotRemoved(path)) {
            fs().delete(path, false);
            return false;
        }
        try {
            store.shardLog(staged.stream(), staged.shardId())
                    .publishStaged(path, staged.count(), staged.maxArrival());
            return true;
        } catch (ShardClosedException sealed) {
            for (Staged child : reroute(staged)) {
                commit(child);
            }
            return true;
        }
    }

    /**
     * Splits a staged segment of a sealed shard into one staged segment per shard that now holds
     * its keys (deterministic names, so a retry finds them), then removes the original: from then
     * on only the children are committed.
     */
    private List<Staged> reroute(Staged staged) throws IOException {
        Path path = new Path(staged.path());
        ShardRouter router = new ShardRouter(store.metadata(staged.stream()));
        Map<String, ShardBatch<Void>> batches = new LinkedHashMap<>();
        SegmentFile f = SegmentFile.open(fs(), path);
        ShardBatch<Void> all = new ShardBatch<>(staged.shardId(), (int) f.length());
        try (SegmentReader r = new SegmentReader(fs(), f, f.baseOffset())) {
            r.readFrames(all.builder()::append);
        }
        all.rerouteInto(
                router,
                shard -> batches.computeIfAbsent(shard, s -> new ShardBatch<>(s, all.bytes())));
        List<Staged> children = new ArrayList<>();
        for (ShardBatch<Void> b : batches.values()) {
            Path child =
                    new Path(path.getParent(), path.getName() + "." + b.shardId() + REROUTE_SUFFIX);
            write(
                    child,
                    ShardIds.ordinal(b.shardId()),
                    b.builder(),
                    f.writerId(),
                    f.commitId(),
                    false,
                    0);
            children.add(
                    new Staged(
                            staged.stream(),
                            b.shardId(),
                            child.toString(),
                            b.count(),
                            staged.maxArrival()));
        }
        fs().delete(path, false);
        return children;
    }

    /** Children left by an interrupted re-route of {@code staged}, still to be committed. */
    private List<Staged> rerouted(Staged staged) throws IOException {
        Path path = new Path(staged.path());
        String prefix = path.getName() + ".";
        List<Staged> children = new ArrayList<>();
        for (FileStatus s : store.files().list(path.getParent())) {
            String name = s.getPath().getName();
            if (name.startsWith(prefix) && name.endsWith(REROUTE_SUFFIX)) {
                String shard =
                        name.substring(prefix.length(), name.length() - REROUTE_SUFFIX.length());
                SegmentFile f = SegmentFile.open(fs(), s.getPath());
                children.add(
                        new Staged(
                                staged.stream(),
                                shard,
                                s.getPath().toString(),
                                f.count(),
                                f.maxArrivalMillis()));
            }
        }
        return children;
    }

    /**
     * On local disk a publish is a hard link followed by removing the staged name; a crash in
     * between leaves a staged file with two links, which must not be published again.
     */
    private boolean publishedButNotRemoved(Path path) throws IOException {
        if (!"file".equals(fs().getUri().getScheme())) {
            return false; // rename moves the file: a staged file that exists is unpublished
        }
        File file = new File(path.toUri().getPath());
        return ((Number) Files.getAttribute(file.toPath(), "unix:nlink")).intValue() > 1;
    }

    private FileSystem fs() {
        return store.fileSystem();
    }
}
