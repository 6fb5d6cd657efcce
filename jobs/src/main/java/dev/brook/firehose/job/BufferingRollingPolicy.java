package dev.brook.firehose.job;

import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;

/**
 * Firehose's buffering hints as a rolling policy: a file is closed once it holds {@code SizeInMBs}
 * (bytes written, after compression) or is {@code IntervalInSeconds} old, and on every checkpoint
 * (bulk formats must roll there). A closed file becomes visible when the next checkpoint completes.
 */
final class BufferingRollingPolicy<IN> extends CheckpointRollingPolicy<IN, String> {
    private static final long serialVersionUID = 1L;

    private final long sizeBytes;
    private final long intervalMillis;

    BufferingRollingPolicy(long sizeBytes, long intervalMillis) {
        this.sizeBytes = sizeBytes;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<String> partFile, IN element)
            throws java.io.IOException {
        return partFile.getSize() >= sizeBytes;
    }

    @Override
    public boolean shouldRollOnProcessingTime(PartFileInfo<String> partFile, long currentTime) {
        return currentTime - partFile.getCreationTime() >= intervalMillis;
    }
}
