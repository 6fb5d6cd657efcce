package dev.brook.store.segment;

import static dev.brook.store.segment.SegmentFormat.BODY_PREFIX;
import static dev.brook.store.segment.SegmentFormat.FRAME_OVERHEAD;
import static dev.brook.store.segment.SegmentFormat.HEADER_SIZE;
import static dev.brook.store.segment.SegmentFormat.INDEX_ENTRY_SIZE;
import static dev.brook.store.segment.SegmentFormat.TRAILER_SIZE;

import dev.brook.store.HashKey;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Accumulates records in their final framing in one growable array, so that writing a segment is a
 * handful of large writes. Arrival times and checksums are filled in by {@link #writeTo} because a
 * segment's arrival time is only known when it is published (and is re-stamped if a publish race is
 * lost and the segment is written again at a later offset).
 */
public final class SegmentBuilder {
    public static final int DEFAULT_INDEX_INTERVAL = 64 * 1024;

    private final int indexInterval;
    private final CRC32C crc = new CRC32C();
    private byte[] buf;
    private int size;
    private int count;
    private int[] indexOffsets = new int[16];
    private int[] indexPositions = new int[16];
    private int indexCount;
    private int lastIndexed = Integer.MIN_VALUE / 2;

    public SegmentBuilder() {
        this(64 * 1024, DEFAULT_INDEX_INTERVAL);
    }

    public SegmentBuilder(int initialCapacity, int indexInterval) {
        this.buf = new byte[Math.max(64, initialCapacity)];
        this.indexInterval = indexInterval;
    }

    /** Number of records appended. */
    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Bytes of framed records appended so far. */
    public int recordBytes() {
        return size;
    }

    /** Size of the segment file this builder would write now. */
    public long fileSize() {
        return HEADER_SIZE + size + (long) indexCount * INDEX_ENTRY_SIZE + TRAILER_SIZE;
    }

    /** Framed size of a record with these sizes. */
    public static int framedSize(int keyLen, boolean hasHashKey, int dataLen) {
        return FRAME_OVERHEAD + BODY_PREFIX + keyLen + (hasHashKey ? 16 : 0) + dataLen;
    }

    /**
     * Appends a record whose key is already UTF-8 encoded. The arrival time is left for {@link
     * #writeTo}; {@code arrivalMillis} is kept only when writing with {@code stamp == false}.
     */
    public void append(
            byte[] key,
            int keyOff,
            int keyLen,
            HashKey explicitHashKey,
            byte[] data,
            int dataOff,
            int dataLen,
            long arrivalMillis) {
        int framed = framedSize(keyLen, explicitHashKey != null, dataLen);
        ensureCapacity(framed);
        if (size - lastIndexed >= indexInterval) {
            addIndexEntry();
        }
        int p = size;
        SegmentFormat.putInt(buf, p, framed - FRAME_OVERHEAD);
        // CRC at p + 4 is computed in writeTo.
        SegmentFormat.putLong(buf, p + 8, arrivalMillis);
        buf[p + 16] = explicitHashKey != null ? SegmentFormat.RECORD_FLAG_HASH_KEY : 0;
        SegmentFormat.putShort(buf, p + 17, keyLen);
        System.arraycopy(key, keyOff, buf, p + 19, keyLen);
        int q = p + 19 + keyLen;
        if (explicitHashKey != null) {
            explicitHashKey.writeTo(buf, q);
            q += 16;
        }
        System.arraycopy(data, dataOff, buf, q, dataLen);
        size += framed;
        count++;
    }

    /** Appends a record read from another segment, keeping its arrival time. */
    public void append(byte[] src, RecordFrame frame) {
        int framed = FRAME_OVERHEAD + frame.bodyLength();
        ensureCapacity(framed);
        if (size - lastIndexed >= indexInterval) {
            addIndexEntry();
        }
        System.arraycopy(src, frame.framePosition(), buf, size, framed);
        size += framed;
        count++;
    }

    private void addIndexEntry() {
        if (indexCount == indexOffsets.length) {
            indexOffsets = Arrays.copyOf(indexOffsets, indexCount * 2);
            indexPositions = Arrays.copyOf(indexPositions, indexCount * 2);
        }
        indexOffsets[indexCount] = count;
        indexPositions[indexCount] = size;
        indexCount++;
        lastIndexed = size;
    }

    private void ensureCapacity(int extra) {
        if (size + extra > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + extra);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("segment larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    /** Calls {@code visitor} for every record appended, in order. */
    public void forEach(RecordFrame.Visitor visitor) {
        int p = 0;
        for (int i = 0; i < count; i++) {
            int bodyLen = SegmentFormat.getInt(buf, p);
            visitor.visit(buf, RecordFrame.at(buf, p, bodyLen));
            p += FRAME_OVERHEAD + bodyLen;
        }
    }

    /**
     * Writes the whole segment. With {@code stamp}, every record's arrival time becomes {@code
     * arrivalMillis}; otherwise records keep the arrival times they were appended with.
     */
    public void writeTo(
            OutputStream out,
            long shardOrdinal,
            long baseOffset,
            UUID writerId,
            long commitId,
            short flags,
            boolean stamp,
            long arrivalMillis)
            throws IOException {
        long minArrival = Long.MAX_VALUE;
        long maxArrival = Long.MIN_VALUE;
        int p = 0;
        for (int i = 0; i < count; i++) {
            int bodyLen = SegmentFormat.getInt(buf, p);
            if (stamp) {
                SegmentFormat.putLong(buf, p + 8, arrivalMillis);
            }
            long arrival = SegmentFormat.getLong(buf, p + 8);
            minArrival = Math.min(minArrival, arrival);
            maxArrival = Math.max(maxArrival, arrival);
            crc.reset();
            crc.update(buf, p + 8, bodyLen);
            SegmentFormat.putInt(buf, p + 4, (int) crc.getValue());
            p += FRAME_OVERHEAD + bodyLen;
        }
        if (count == 0) {
            minArrival = maxArrival = arrivalMillis;
        }

        byte[] header = new byte[HEADER_SIZE];
        SegmentFormat.putInt(header, 0, SegmentFormat.HEADER_MAGIC);
        SegmentFormat.putShort(header, 4, SegmentFormat.VERSION);
        SegmentFormat.putShort(header, 6, flags);
        SegmentFormat.putLong(header, 8, shardOrdinal);
        SegmentFormat.putLong(header, 16, baseOffset);
        SegmentFormat.putLong(header, 24, writerId.getMostSignificantBits());
        SegmentFormat.putLong(header, 32, writerId.getLeastSignificantBits());
        SegmentFormat.putLong(header, 40, commitId);
        crc.reset();
        crc.update(header, 0, 48);
        SegmentFormat.putInt(header, 48, (int) crc.getValue());
        out.write(header);
        out.write(buf, 0, size);

        byte[] tail = new byte[indexCount * INDEX_ENTRY_SIZE + TRAILER_SIZE];
        for (int i = 0; i < indexCount; i++) {
            SegmentFormat.putInt(tail, i * INDEX_ENTRY_SIZE, indexOffsets[i]);
            SegmentFormat.putLong(
                    tail, i * INDEX_ENTRY_SIZE + 4, (long) HEADER_SIZE + indexPositions[i]);
        }
        int t = indexCount * INDEX_ENTRY_SIZE;
        SegmentFormat.putInt(tail, t, count);
        SegmentFormat.putLong(tail, t + 4, minArrival);
        SegmentFormat.putLong(tail, t + 12, maxArrival);
        SegmentFormat.putInt(tail, t + 20, indexCount);
        SegmentFormat.putLong(tail, t + 24, (long) HEADER_SIZE + size);
        crc.reset();
        crc.update(buf, 0, size);
        SegmentFormat.putInt(tail, t + 32, (int) crc.getValue());
        crc.reset();
        crc.update(tail, 0, t + 36);
        SegmentFormat.putInt(tail, t + 36, (int) crc.getValue());
        SegmentFormat.putInt(tail, t + 40, SegmentFormat.TRAILER_MAGIC);
        out.write(tail);
    }

    /** Empties the builder for reuse, keeping its buffer. */
    public void clear() {
        size = 0;
        count = 0;
        indexCount = 0;
        lastIndexed = Integer.MIN_VALUE / 2;
    }
}
