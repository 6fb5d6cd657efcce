package dev.brook.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.fs.Path;

/**
 * A per-shard lock so that retention and compaction of one shard never run at once (a compaction
 * finishing after retention trimmed its inputs would bring trimmed data back). It is a file
 * published with no-replace; one older than its lease was left by a crashed process and is broken.
 */
final class MaintenanceLock implements AutoCloseable {
    private final FileOps files;
    private final Path path;

    private MaintenanceLock(FileOps files, Path path) {
        this.files = files;
        this.path = path;
    }

    /** Takes the lock, or returns null if someone else holds it. */
    static MaintenanceLock tryAcquire(
            FileOps files, Path stagingDir, Path path, long leaseMillis, long nowMillis)
            throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (files.publishNew(
                    stagingDir,
                    path,
                    out ->
                            out.write(
                                    ("locked at " + nowMillis).getBytes(StandardCharsets.UTF_8)))) {
                return new MaintenanceLock(files, path);
            }
            try {
                long age = nowMillis - files.fs().getFileStatus(path).getModificationTime();
                if (age < leaseMillis) {
                    return null;
                }
                files.deleteQuietly(path);
            } catch (FileNotFoundException released) {
                // released meanwhile: try again
            }
        }
        return null;
    }

    @Override
    public void close() {
        files.deleteQuietly(path);
    }
}
