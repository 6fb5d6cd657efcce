package dev.brook.store;

import dev.brook.store.fs.NoReplacePublisher;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
    private final boolean local;

    FileOps(FileSystem fs, boolean fsync) {
        this.fs = fs;
        this.fsync = fsync;
        this.local = isLocal(fs);
    }

    /** True for the local filesystem, where files can be used through java.nio directly. */
    static boolean isLocal(FileSystem fs) {
        return !fs.isDistributedFS() && "file".equals(fs.getUri().getScheme());
    }

    FileSystem fs() {
        return fs;
    }

    boolean isLocal() {
        return local;
    }

    /** Writes a new uniquely named file under {@code stagingDir} and returns its path. */
    Path stage(Path stagingDir, Writer writer) throws IOException {
        Path staged = new Path(stagingDir, UUID.randomUUID() + ".tmp");
        if (local) {
            stageLocal(new File(staged.toUri().getPath()).toPath(), writer);
            return staged;
        }
        try (FSDataOutputStream out = fs.create(staged, FileSystem.WriteMode.NO_OVERWRITE)) {
            writer.write(out);
            out.flush();
            if (fsync) {
                out.sync();
            }
        }
        return staged;
    }

    /**
     * Local files are written through a FileChannel: Flink's local output stream is a
     * FileOutputStream, whose large writes allocate and free a native buffer of the write's size
     * every time, and whose create checks and makes the parent directory on every file.
     */
    private void stageLocal(java.nio.file.Path file, Writer writer) throws IOException {
        FileChannel channel;
        try {
            channel =
                    FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent()); // as Flink's LocalFileSystem.create does
            channel =
                    FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        try (OutputStream out = Channels.newOutputStream(channel)) {
            writer.write(out);
            if (fsync) {
                channel.force(true);
            }
        }
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
        if (isLocal()) {
            // rename(2) replaces atomically; Files.move with only REPLACE_EXISTING (what Flink's
            // local rename does) deletes the target first, and a reader in between (retention
            // reading a consumer's registration) would find nothing.
            java.nio.file.Path to = new java.io.File(target.toUri().getPath()).toPath();
            java.nio.file.Files.createDirectories(to.getParent());
            java.nio.file.Files.move(
                    new java.io.File(staged.toUri().getPath()).toPath(),
                    to,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        if (fs.isDistributedFS() && fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(staged, target)) {
            deleteQuietly(staged);
            throw new IOException("could not move " + staged + " to " + target);
        }
    }

    /**
     * Names of the entries of a directory; a missing directory is empty. Locally without Flink's
     * listing, which builds a status and a path for every file.
     */
    String[] listNames(Path dir) throws IOException {
        if (local) {
            String[] names = new File(dir.toUri().getPath()).list();
            return names == null ? new String[0] : names;
        }
        FileStatus[] statuses = list(dir);
        String[] names = new String[statuses.length];
        for (int i = 0; i < statuses.length; i++) {
            names[i] = statuses[i].getPath().getName();
        }
        return names;
    }

    /** Lists a directory; a missing directory is empty. */
    FileStatus[] list(Path dir) throws IOException {
        if (local) {
            // Not Flink's local listing: it reads the names, then the status of each, and fails
            // as a whole with FileNotFoundException when one was deleted meanwhile (retention,
            // compaction), which made a busy shard look empty: its end 0, its offsets reusable.
            String[] names = new File(dir.toUri().getPath()).list();
            if (names == null) {
                return new FileStatus[0];
            }
            List<FileStatus> out = new ArrayList<>(names.length);
            for (String name : names) {
                try {
                    out.add(fs.getFileStatus(new Path(dir, name)));
                } catch (FileNotFoundException deletedMeanwhile) {
                    // not there any more
                }
            }
            return out.toArray(new FileStatus[0]);
        }
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
