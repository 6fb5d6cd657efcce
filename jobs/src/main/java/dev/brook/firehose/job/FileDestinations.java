package dev.brook.firehose.job;

import dev.brook.firehose.config.BufferingHints;
import java.time.ZoneId;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;

/**
 * Flink's {@link FileSink} set up as a Firehose file destination: bucket = the evaluated prefix,
 * Firehose's object names, buffering hints as the rolling policy. Exactly once: files are committed
 * when the checkpoint after they were rolled completes.
 */
final class FileDestinations {
    /** The delivery stream's version in object names (Brook has no UpdateDestination). */
    static final int VERSION = 1;

    /** Longest wait between checks of the interval hint (Flink's default is a minute). */
    private static final long MAX_CHECK_INTERVAL_MILLIS = 60_000;

    private static final long MIN_CHECK_INTERVAL_MILLIS = 1_000;

    private FileDestinations() {}

    static <T> FileSink<Tuple2<String, T>> fileSink(
            String basePath,
            BulkWriter.Factory<T> writer,
            String extension,
            BufferingHints hints,
            String streamName,
            ZoneId zone) {
        long check =
                Math.max(
                        MIN_CHECK_INTERVAL_MILLIS,
                        Math.min(MAX_CHECK_INTERVAL_MILLIS, hints.intervalMillis()));
        return FileSink.forBulkFormat(new Path(basePath), new BucketedWriterFactory<>(writer))
                .withBucketAssigner(new BucketAssignerByPrefix<T>())
                .withRollingPolicy(
                        new BufferingRollingPolicy<>(hints.sizeBytes(), hints.intervalMillis()))
                .withOutputFileConfig(
                        new ObjectNameFileConfig(streamName, VERSION, zone, extension))
                .withBucketCheckInterval(check)
                .build();
    }
}
