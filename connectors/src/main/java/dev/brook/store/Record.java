package dev.brook.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A record read from a shard. It is a view onto the segment bytes it was read from (a chunk read
 * into memory, or a local segment file mapped into memory), so reading allocates one small object
 * per record; {@link #data()} copies only when asked, {@link #dataBuffer()} never.
 */
public final class Record {
    private final long shardOrdinal;
    private final long offset;
    private final long arrivalMillis;

    /** The bytes the offsets point into; never repositioned, read with absolute gets only. */
    private final ByteBuffer buf;

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
        this(
                shardOrdinal,
                offset,
                arrivalMillis,
                ByteBuffer.wrap(buf),
                keyOff,
                keyLen,
                hashKeyOff,
                dataOff,
                dataLen);
    }

    /**
     * A record whose key, hash key and data lie at absolute positions of {@code buf}. The buffer's
     * position and limit must never change afterwards (share one that nobody repositions).
     */
    public Record(
            long shardOrdinal,
            long offset,
            long arrivalMillis,
            ByteBuffer buf,
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
        if (buf.hasArray()) {
            return new String(
                    buf.array(), buf.arrayOffset() + keyOff, keyLen, StandardCharsets.UTF_8);
        }
        return new String(copy(keyOff, keyLen), StandardCharsets.UTF_8);
    }

    /** The explicit hash key given when the record was put, or null. */
    public HashKey explicitHashKey() {
        return hashKeyOff < 0 ? null : hashKeyAt(hashKeyOff);
    }

    /** The key that routed the record: the explicit hash key, else MD5 of the partition key. */
    public HashKey routingHashKey() {
        if (hashKeyOff >= 0) {
            return hashKeyAt(hashKeyOff);
        }
        if (buf.hasArray()) {
            return HashKey.ofPartitionKeyBytes(buf.array(), buf.arrayOffset() + keyOff, keyLen);
        }
        return HashKey.ofPartitionKeyBytes(copy(keyOff, keyLen), 0, keyLen);
    }

    private HashKey hashKeyAt(int off) {
        return new HashKey(buf.getLong(off), buf.getLong(off + 8));
    }

    private byte[] copy(int off, int len) {
        byte[] copy = new byte[len];
        buf.get(off, copy, 0, len);
        return copy;
    }

    public byte[] data() {
        return copy(dataOff, dataLen);
    }

    /** The data without copying, as a read-only buffer (position 0, limit the data's length). */
    public ByteBuffer dataBuffer() {
        ByteBuffer b = buf.slice(dataOff, dataLen);
        return b.isReadOnly() ? b : b.asReadOnlyBuffer();
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
