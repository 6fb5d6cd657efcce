package dev.brook.store;

import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;

/** Reads and publishes the versioned metadata files of streams. */
final class MetadataStore {
    private final StoreLayout layout;
    private final FileOps files;

    MetadataStore(StoreLayout layout, FileOps files) {
        this.layout = layout;
        this.files = files;
    }

    /** The current (highest) metadata version of a stream. */
    StreamMetadata current(String stream) {
        StreamNames.validate(stream);
        try {
            long latest = -1;
            for (FileStatus s : files.list(layout.metaDir(stream))) {
                latest = Math.max(latest, StoreLayout.parseMetaVersion(s.getPath().getName()));
            }
            if (latest < 0) {
                throw BrookException.notFound(
                        "stream " + stream + " not found under " + layout.root());
            }
            return read(layout.meta(stream, latest));
        } catch (IOException e) {
            throw BrookException.io("could not read metadata of stream " + stream, e);
        }
    }

    boolean exists(String stream) {
        try {
            for (FileStatus s : files.list(layout.metaDir(stream))) {
                if (StoreLayout.parseMetaVersion(s.getPath().getName()) >= 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw BrookException.io("could not list stream " + stream, e);
        }
    }

    private StreamMetadata read(Path path) throws IOException {
        try (FSDataInputStream in = files.fs().open(path)) {
            return Json.MAPPER.readValue((InputStream) in, StreamMetadata.class);
        }
    }

    /**
     * Publishes {@code next} as a new version; returns false if another change published that
     * version first (the caller re-reads and decides again).
     */
    boolean publish(StreamMetadata next) {
        try {
            return files.publishNew(
                    layout.staging(next.streamName()),
                    layout.meta(next.streamName(), next.version()),
                    out -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, next));
        } catch (IOException e) {
            throw BrookException.io("could not write metadata of stream " + next.streamName(), e);
        }
    }
}
