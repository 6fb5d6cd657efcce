package dev.brook.store;

import dev.brook.store.fs.NoReplacePublisher;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/** Staged writes and the small filesystem helpers every part of the store shares. */
final class FileOps {
    /** Writes something to an output stream. */
    @FunctionalInterface
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private final FileSystem fs;
    private final boolean fsync;

    FileOps(FileSystem fs, boolean fsync) {
        this.fs = fs;
        this.fsync = fsync;
    }

    FileSystem fs() {
        return fs;
    }

    /** Writes a new uniquely named file under {@code stagingDir} and returns its path. */
    Path stage(Path stagingDir, Writer writer) throws IOException {
        Path staged = new Path(stagingDir, UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = fs.create(staged, FileSystem.WriteMode.NO_OVERWRITE)) {
            writer.write(out);
            out.flush();
            if (fsync) {
                out.sync();
            }
        }
        return staged;
    }

    /** Stages and publishes with no-replace; returns false (and cleans up) if the name exists. */
    boolean publishNew(Path stagingDir, Path target, Writer writer) throws IOException {
        Path staged = stage(stagingDir, writer);
        boolean published;
        try {
            published = NoReplacePublisher.publish(fs, staged, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(staged);
            throw e;
        }
        if (!published) {
            deleteQuietly(staged);
        }
        return published;
    }

    /** Stages and moves over {@code target}, replacing it (used only for single-owner files). */
    void replace(Path stagingDir, Path target, Writer writer) throws IOException {
        Path staged = stage(stagingDir, writer);
        if (fs.isDistributedFS() && fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(staged, target)) {
            deleteQuietly(staged);
            throw new IOException("could not move " + staged + " to " + target);
        }
    }

    /** Lists a directory; a missing directory is empty. */
    FileStatus[] list(Path dir) throws IOException {
        try {
            FileStatus[] s = fs.listStatus(dir);
            return s == null ? new FileStatus[0] : s;
        } catch (FileNotFoundException e) {
            return new FileStatus[0];
        }
    }

    void deleteQuietly(Path p) {
        try {
            fs.delete(p, false);
        } catch (IOException ignored) {
            // Best effort: a leftover staging file is harmless and removed with the stream.
        }
    }
}
