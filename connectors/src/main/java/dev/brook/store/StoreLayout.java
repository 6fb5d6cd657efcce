package dev.brook.store;

import dev.brook.store.segment.SegmentFormat;
import org.apache.flink.core.fs.Path;

/**
 * Where everything lives under the store's root (see DESIGN.md, "Storage on a Flink FileSystem").
 * The only class that builds paths.
 */
public final class StoreLayout {
    public static final String META = "_meta";
    public static final String CONSUMERS = "_consumers";
    public static final String STAGING = "_staging";
    public static final String END_MARKER_SUFFIX = ".end";
    public static final String MAINTENANCE_LOCK = "_maintenance.lock";

    private final Path root;

    public StoreLayout(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path stream(String stream) {
        return new Path(root, stream);
    }

    public Path metaDir(String stream) {
        return new Path(stream(stream), META);
    }

    public Path meta(String stream, long version) {
        return new Path(metaDir(stream), String.format("%020d.json", version));
    }

    public static long parseMetaVersion(String name) {
        if (!name.endsWith(".json") || name.length() != 25) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public Path shard(String stream, String shardId) {
        return new Path(stream(stream), shardId);
    }

    public Path segment(String stream, String shardId, long base) {
        return segment(shard(stream, shardId), base);
    }

    /** A segment in a shard directory (for callers that keep the directory's path). */
    public static Path segment(Path shardDir, long base) {
        return new Path(shardDir, SegmentFormat.fileName(base));
    }

    /** An end marker records a shard's end offset when retention deleted every segment. */
    public Path endMarker(String stream, String shardId, long end) {
        return new Path(shard(stream, shardId), String.format("%020d%s", end, END_MARKER_SUFFIX));
    }

    public static long parseEndMarker(String name) {
        if (!name.endsWith(END_MARKER_SUFFIX) || name.length() != 20 + END_MARKER_SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public Path maintenanceLock(String stream, String shardId) {
        return new Path(shard(stream, shardId), MAINTENANCE_LOCK);
    }

    public Path consumersDir(String stream) {
        return new Path(stream(stream), CONSUMERS);
    }

    public Path consumer(String stream, String name) {
        return new Path(consumersDir(stream), name + ".json");
    }

    public Path staging(String stream) {
        return new Path(stream(stream), STAGING);
    }

    /** Staging for files that belong to no stream yet. */
    public Path rootStaging() {
        return new Path(root, STAGING);
    }

    /** Held while a stream is being created (stream names never start with '_'). */
    public Path createClaim(String stream) {
        return new Path(rootStaging(), stream + ".create");
    }
}
