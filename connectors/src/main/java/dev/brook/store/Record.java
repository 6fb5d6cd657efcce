package dev.brook.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A record read from a shard. It is a view onto the chunk of segment bytes it was read from, so
 * reading allocates one small object per record; {@link #data()} copies only when asked.
 */
public final class Record {
    private final long shardOrdinal;
    private final long offset;
    private final long arrivalMillis;
    private final byte[] buf;
    private final int keyOff;
    private final int keyLen;
    private final int hashKeyOff;
    private final int dataOff;
    private final int dataLen;

    public Record(
            long shardOrdinal,
            long offset,
            long arrivalMillis,
            byte[] buf,
            int keyOff,
            int keyLen,
            int hashKeyOff,
            int dataOff,
            int dataLen) {
        this.shardOrdinal = shardOrdinal;
        this.offset = offset;
        this.arrivalMillis = arrivalMillis;
        this.buf = buf;
        this.keyOff = keyOff;
        this.keyLen = keyLen;
        this.hashKeyOff = hashKeyOff;
        this.dataOff = dataOff;
        this.dataLen = dataLen;
    }

    public String shardId() {
        return ShardIds.format(shardOrdinal);
    }

    public long shardOrdinal() {
        return shardOrdinal;
    }

    /** Dense offset of the record in its shard. */
    public long offset() {
        return offset;
    }

    public SequenceNumber sequenceNumber() {
        return new SequenceNumber(shardOrdinal, offset);
    }

    /** Approximate arrival time, set by the store when the record was published. */
    public long arrivalMillis() {
        return arrivalMillis;
    }

    public String partitionKey() {
        return new String(buf, keyOff, keyLen, StandardCharsets.UTF_8);
    }

    /** The explicit hash key given when the record was put, or null. */
    public HashKey explicitHashKey() {
        return hashKeyOff < 0 ? null : HashKey.fromBytes(buf, hashKeyOff);
    }

    /** The key that routed the record: the explicit hash key, else MD5 of the partition key. */
    public HashKey routingHashKey() {
        return hashKeyOff < 0
                ? HashKey.ofPartitionKeyBytes(buf, keyOff, keyLen)
                : HashKey.fromBytes(buf, hashKeyOff);
    }

    public byte[] data() {
        byte[] copy = new byte[dataLen];
        System.arraycopy(buf, dataOff, copy, 0, dataLen);
        return copy;
    }

    /** The data without copying, as a read-only buffer. */
    public ByteBuffer dataBuffer() {
        return ByteBuffer.wrap(buf, dataOff, dataLen).slice().asReadOnlyBuffer();
    }

    public int dataLength() {
        return dataLen;
    }

    @Override
    public String toString() {
        return "Record{"
                + shardId()
                + "@"
                + offset
                + ", key="
                + partitionKey()
                + ", "
                + dataLen
                + " bytes}";
    }
}
