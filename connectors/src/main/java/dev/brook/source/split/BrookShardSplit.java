package dev.brook.source.split;

import dev.brook.store.StartingPosition;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * A shard of a Brook stream, as a split. It starts either at a known offset (restored or pinned) or
 * at a position the reader resolves when it opens the shard, and ends at its seal or, in bounded
 * mode, at {@code stopOffset}. A split marked {@code finished} was read to its end in a checkpoint
 * that may not have completed yet: its reader reports it finished again on restore.
 */
public final class BrookShardSplit implements SourceSplit {
    public static final long NO_STOP = Long.MAX_VALUE;
    public static final long UNRESOLVED = -1;

    private final String shardId;
    private final long startOffset;
    private final StartingPosition startingPosition;
    private final long stopOffset;
    private final boolean finished;

    public BrookShardSplit(
            String shardId,
            long startOffset,
            StartingPosition startingPosition,
            long stopOffset,
            boolean finished) {
        this.shardId = Objects.requireNonNull(shardId);
        this.startOffset = startOffset;
        this.startingPosition = startingPosition;
        this.stopOffset = stopOffset;
        this.finished = finished;
        if (startOffset == UNRESOLVED && startingPosition == null) {
            throw new IllegalArgumentException("split " + shardId + " has no start");
        }
    }

    public static BrookShardSplit at(String shardId, long offset, long stopOffset) {
        return new BrookShardSplit(shardId, offset, null, stopOffset, false);
    }

    public static BrookShardSplit from(String shardId, StartingPosition position, long stopOffset) {
        return new BrookShardSplit(shardId, UNRESOLVED, position, stopOffset, false);
    }

    @Override
    public String splitId() {
        return shardId;
    }

    public String shardId() {
        return shardId;
    }

    /** The offset to start at, or {@link #UNRESOLVED} to resolve {@link #startingPosition()}. */
    public long startOffset() {
        return startOffset;
    }

    public StartingPosition startingPosition() {
        return startingPosition;
    }

    public long stopOffset() {
        return stopOffset;
    }

    /**
     * Throws unless this split belongs to a read of the given boundedness. A bounded read fixes its
     * ends when it first starts and keeps them in its splits, so state of the other kind cannot be
     * continued: a bounded job on an unbounded run's state would never end, and an unbounded job on
     * a bounded run's state would stop reading open shards at the old ends for good. Restarting
     * would fail the same way, so restarts are suppressed.
     */
    public void checkBoundedness(boolean bounded, String stream) {
        if (bounded == (stopOffset != NO_STOP)) {
            return;
        }
        throw new SuppressRestartsException(
                new IllegalStateException(
                        "The Brook source of stream '"
                                + stream
                                + "' is "
                                + (bounded ? "bounded" : "unbounded")
                                + ", but the checkpoint or savepoint it restores from was taken by "
                                + (bounded ? "an unbounded" : "a bounded")
                                + " read of it; restore with the same boundedness, or start"
                                + " without that state (for bin/brook firehose run: --fresh)."));
    }

    public boolean isFinished() {
        return finished;
    }

    public BrookShardSplit atOffset(long offset) {
        return new BrookShardSplit(shardId, offset, null, stopOffset, false);
    }

    public BrookShardSplit asFinished(long endOffset) {
        return new BrookShardSplit(shardId, endOffset, null, stopOffset, true);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BrookShardSplit)) {
            return false;
        }
        BrookShardSplit s = (BrookShardSplit) o;
        return shardId.equals(s.shardId)
                && startOffset == s.startOffset
                && Objects.equals(startingPosition, s.startingPosition)
                && stopOffset == s.stopOffset
                && finished == s.finished;
    }

    @Override
    public int hashCode() {
        return Objects.hash(shardId, startOffset, startingPosition, stopOffset, finished);
    }

    @Override
    public String toString() {
        return shardId
                + (startOffset == UNRESOLVED ? "@" + startingPosition.type() : "@" + startOffset)
                + (stopOffset == NO_STOP ? "" : "..<" + stopOffset)
                + (finished ? " (finished)" : "");
    }
}
