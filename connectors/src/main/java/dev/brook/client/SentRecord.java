package dev.brook.client;

import dev.brook.store.SequenceNumber;
import dev.brook.store.ShardIds;

/** Where a record sent by a {@link Producer} landed. The sequence number is formatted on demand. */
public final class SentRecord {
    private final String shardId;
    private final long offset;

    SentRecord(String shardId, long offset) {
        this.shardId = shardId;
        this.offset = offset;
    }

    public String shardId() {
        return shardId;
    }

    /** Dense offset in the shard. */
    public long offset() {
        return offset;
    }

    public String sequenceNumber() {
        return new SequenceNumber(ShardIds.ordinal(shardId), offset).toString();
    }

    @Override
    public String toString() {
        return shardId + "@" + offset;
    }
}
