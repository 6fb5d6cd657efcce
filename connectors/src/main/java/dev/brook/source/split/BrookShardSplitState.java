package dev.brook.source.split;

/** A split being read: the split plus the offset of the next record to emit. */
public final class BrookShardSplitState {
    private final BrookShardSplit split;
    private long nextOffset;

    public BrookShardSplitState(BrookShardSplit split) {
        this.split = split;
        this.nextOffset = split.startOffset();
    }

    public BrookShardSplit split() {
        return split;
    }

    public long nextOffset() {
        return nextOffset;
    }

    public void setNextOffset(long nextOffset) {
        this.nextOffset = nextOffset;
    }

    /** The split to checkpoint: unresolved until the first record was emitted. */
    public BrookShardSplit toSplit() {
        return nextOffset == BrookShardSplit.UNRESOLVED ? split : split.atOffset(nextOffset);
    }
}
