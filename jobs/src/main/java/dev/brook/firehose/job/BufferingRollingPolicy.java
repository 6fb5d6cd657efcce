package dev.brook.firehose.job;

import java.io.IOException;
import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;

/**
 * Firehose's buffering hints as a rolling policy: a file is closed once it holds {@code SizeInMBs}
 * (bytes written, after compression) or is {@code IntervalInSeconds} old, and on every checkpoint
 * (bulk formats must roll there). A closed file becomes visible when the next checkpoint completes.
 *
 * <p>A part file's size is its stream's position, a system call on local files; so the size is read
 * again only after about a quarter of the room left in the file, at the average bytes per record
 * written so far (at most every {@value #MAX_EVENTS_BETWEEN_CHECKS} records), rather than for every
 * record. Like Firehose's, the size hint is approximate: a file may grow past it by a few records.
 */
final class BufferingRollingPolicy<IN> extends CheckpointRollingPolicy<IN, String> {
    private static final long serialVersionUID = 1L;

    static final long MAX_EVENTS_BETWEEN_CHECKS = 1024;

    /** While a file shows no bytes yet (its writer still buffers), records between checks. */
    static final long EVENTS_BETWEEN_CHECKS_WHILE_EMPTY = 64;

    private final long sizeBytes;
    private final long intervalMillis;

    /** The part file the counts below are about (records usually go to one file in a row). */
    private transient PartFileInfo<String> part;

    private transient long eventsInPart;
    private transient long eventsUntilCheck;

    BufferingRollingPolicy(long sizeBytes, long intervalMillis) {
        this.sizeBytes = sizeBytes;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<String> partFile, IN element) throws IOException {
        if (partFile != part) {
            part = partFile;
            eventsInPart = 0;
            eventsUntilCheck = 0;
        }
        eventsInPart++;
        if (--eventsUntilCheck > 0) {
            return false;
        }
        long size = partFile.getSize();
        if (size >= sizeBytes) {
            part = null;
            return true;
        }
        if (size == 0) {
            eventsUntilCheck = EVENTS_BETWEEN_CHECKS_WHILE_EMPTY;
        } else {
            long perEvent = Math.max(1, size / eventsInPart);
            eventsUntilCheck =
                    Math.max(
                            1,
                            Math.min(MAX_EVENTS_BETWEEN_CHECKS, (sizeBytes - size) / perEvent / 4));
        }
        return false;
    }

    @Override
    public boolean shouldRollOnProcessingTime(PartFileInfo<String> partFile, long currentTime) {
        return currentTime - partFile.getCreationTime() >= intervalMillis;
    }
}
