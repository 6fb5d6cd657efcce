package dev.brook.store.fs;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Makes a fully written staged file appear under its final name atomically, and only if that name
 * does not exist yet. Everything Brook publishes (segments, seals, metadata versions) goes through
 * here, because "never overwrite" is what makes any number of concurrent writers safe.
 *
 * <p>Local disk: a hard link, which the kernel creates atomically and refuses if the name exists,
 * across threads and processes alike. HDFS and other filesystems whose rename refuses an existing
 * target: rename. Object stores (S3) have no such primitive; there Brook needs one writer per
 * shard, which the Flink sink arranges.
 */
public final class NoReplacePublisher {
    private NoReplacePublisher() {}

    /**
     * Publishes {@code staged} as {@code target}. Returns false, leaving {@code staged} in place,
     * if {@code target} already exists.
     */
    public static boolean publish(FileSystem fs, Path staged, Path target) throws IOException {
        if (!fs.isDistributedFS() && "file".equals(fs.getUri().getScheme())) {
            File stagedFile = new File(staged.toUri().getPath());
            File targetFile = new File(target.toUri().getPath());
            try {
                Files.createLink(targetFile.toPath(), stagedFile.toPath());
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (NoSuchFileException e) {
                // Directories are made when a stream or shard is created, never here, so a
                // writer that outlived its stream cannot bring a deleted stream's files back.
                throw new FileNotFoundException(
                        "cannot publish " + target + ": its directory is gone (stream deleted?)");
            }
            Files.delete(stagedFile.toPath());
            return true;
        }
        if (fs.exists(target)) {
            return false;
        }
        if (fs.rename(staged, target)) {
            return true;
        }
        if (fs.exists(target)) {
            return false;
        }
        throw new IOException("could not publish " + staged + " as " + target);
    }
}
