package dev.brook.cli;

import java.io.IOException;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The retained checkpoints of an embedded delivery stream ({@code <dir>/<job id>/chk-<n>/}), so
 * that a delivery stream stopped with Ctrl-C continues where it stopped, as Firehose never
 * redelivers.
 */
final class FirehoseCheckpoints {
    private FirehoseCheckpoints() {}

    /** The newest complete checkpoint under {@code dir} (one with {@code _metadata}), or null. */
    static String latest(String dir) throws IOException {
        Path root = new Path(dir);
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            return null;
        }
        Path best = null;
        long bestTime = Long.MIN_VALUE;
        for (FileStatus job : list(fs, root)) {
            if (!job.isDir()) {
                continue;
            }
            for (FileStatus chk : list(fs, job.getPath())) {
                if (!chk.isDir() || !chk.getPath().getName().startsWith("chk-")) {
                    continue;
                }
                Path metadata = new Path(chk.getPath(), "_metadata");
                if (!fs.exists(metadata)) {
                    continue;
                }
                long time = fs.getFileStatus(metadata).getModificationTime();
                if (time > bestTime) {
                    best = chk.getPath();
                    bestTime = time;
                }
            }
        }
        return best == null ? null : best.toString();
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        FileStatus[] s = fs.listStatus(dir);
        return s == null ? new FileStatus[0] : s;
    }
}
