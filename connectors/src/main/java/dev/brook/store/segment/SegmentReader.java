package dev.brook.store.segment;

import static dev.brook.store.segment.SegmentFormat.FRAME_OVERHEAD;

import dev.brook.store.Record;
import dev.brook.store.RecordHandler;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;

/**
 * Reads the records of one segment in order, from any offset, checking every record's checksum. A
 * segment opened with {@link SegmentFile#map} is read in place from its mapping, and checked with
 * one CRC32C of its whole records region where the format has one (a fifth of the cost of a CRC32C
 * per 100-byte record); any other is read in large chunks, each a fresh array because returned
 * {@link Record}s are views onto it, and its records are checked one by one.
 */
public final class SegmentReader implements Closeable {
    public static final int DEFAULT_CHUNK = 1 << 20;

    private final SegmentFile segment;
    private final FSDataInputStream in;
    private final CRC32C crc = new CRC32C();
    private final int chunkSize;
    private long filePos;
    private long nextOffset;
    private byte[] chunk = new byte[0];

    /** The current chunk as the buffer records point into. */
    private ByteBuffer chunkBuffer = ByteBuffer.wrap(chunk);

    private int pos;
    private int limit;

    /** Arrival time of the last record read, or -1 before the first. */
    private long lastArrivalMillis = -1;

    /** The mapped file (never repositioned: records share it), or null when reading chunks. */
    private final ByteBuffer map;

    /** A view of the mapping that is repositioned to checksum one record at a time. */
    private final ByteBuffer crcView;

    /** Where the records region of the mapped file ends. */
    private final int mapEnd;

    /** For a mapped file: whether its records region was checked as a whole yet. */
    private boolean regionChecked;

    /** Whether that check passed, in which case records are not checked one by one. */
    private boolean regionMatched;

    public SegmentReader(FileSystem fs, SegmentFile segment, long offset) throws IOException {
        this(fs, segment, offset, DEFAULT_CHUNK);
    }

    public SegmentReader(FileSystem fs, SegmentFile segment, long offset, int chunkSize)
            throws IOException {
        if (offset < segment.baseOffset() || offset > segment.endOffset()) {
            throw new IllegalArgumentException(offset + " is outside " + segment);
        }
        this.segment = segment;
        this.chunkSize = chunkSize;
        long[] seek = segment.seekPoint(offset);
        this.nextOffset = seek[0];
        this.filePos = seek[1];
        this.map = segment.mapped();
        if (map != null) {
            this.in = null;
            this.crcView = map.duplicate();
            this.mapEnd = (int) segment.recordsEnd();
            this.pos = (int) filePos;
            while (nextOffset < offset) {
                pos += FRAME_OVERHEAD + mappedFrame();
                nextOffset++;
            }
            return;
        }
        this.crcView = null;
        this.mapEnd = 0;
        this.in = fs.open(segment.path());
        in.seek(filePos);
        while (nextOffset < offset) {
            if (nextFrame() < 0) {
                throw new CorruptSegmentException(
                        segment.path().toString(), "records end before offset " + offset);
            }
            pos += FRAME_OVERHEAD + SegmentFormat.getInt(chunk, pos);
            nextOffset++;
        }
    }

    public SegmentFile segment() {
        return segment;
    }

    public long nextOffset() {
        return nextOffset;
    }

    public boolean hasNext() {
        return nextOffset < segment.endOffset();
    }

    /** Arrival time of the last record read, or -1 if none was read yet. */
    public long lastArrivalMillis() {
        return lastArrivalMillis;
    }

    /** Hands up to {@code max} records to {@code handler}; returns how many, 0 at the end. */
    public int read(RecordHandler handler, int max) throws IOException {
        if (map != null) {
            return readMapped(handler, max);
        }
        int n = 0;
        while (n < max && hasNext()) {
            int p = nextFrame();
            if (p < 0) {
                throw new CorruptSegmentException(
                        segment.path().toString(),
                        "records end at offset "
                                + nextOffset
                                + " but the trailer counts "
                                + segment.count());
            }
            int bodyLen = SegmentFormat.getInt(chunk, p);
            crc.reset();
            crc.update(chunk, p + FRAME_OVERHEAD, bodyLen);
            if ((int) crc.getValue() != SegmentFormat.getInt(chunk, p + 4)) {
                throw new CorruptSegmentException(
                        segment.path().toString(),
                        "checksum mismatch in record at offset " + nextOffset);
            }
            RecordFrame f = RecordFrame.at(chunk, p, bodyLen);
            if (f.dataLength() < 0) {
                throw new CorruptSegmentException(
                        segment.path().toString(), "bad lengths in record at offset " + nextOffset);
            }
            lastArrivalMillis = f.arrivalMillis();
            handler.handle(
                    new Record(
                            segment.shardOrdinal(),
                            nextOffset,
                            lastArrivalMillis,
                            chunkBuffer,
                            f.keyOffset(),
                            f.keyLength(),
                            f.hashKeyOffset(),
                            f.dataOffset(),
                            f.dataLength()));
            pos = p + FRAME_OVERHEAD + bodyLen;
            nextOffset++;
            n++;
        }
        return n;
    }

    /**
     * Reads from the mapping: checks the frame's length against the records region, the body's
     * checksum and the lengths inside it, and returns a view of the record. No reads, no copies.
     */
    private int readMapped(RecordHandler handler, int max) {
        ByteBuffer m = map;
        long ordinal = segment.shardOrdinal();
        long end = segment.endOffset();
        if (!regionChecked && nextOffset < end) {
            checkRegion();
        }
        boolean checkEach = !regionMatched;
        int n = 0;
        while (n < max && nextOffset < end) {
            int p = pos;
            int bodyLen = mappedFrame();
            int body = p + FRAME_OVERHEAD;
            if (checkEach) {
                crcView.limit(body + bodyLen);
                crcView.position(body);
                crc.reset();
                crc.update(crcView);
                if ((int) crc.getValue() != m.getInt(p + 4)) {
                    throw new CorruptSegmentException(
                            segment.path().toString(),
                            "checksum mismatch in record at offset " + nextOffset);
                }
            }
            boolean hasHashKey = (m.get(body + 8) & SegmentFormat.RECORD_FLAG_HASH_KEY) != 0;
            int keyLen = m.getShort(body + 9) & 0xFFFF;
            int keyOff = body + SegmentFormat.BODY_PREFIX;
            int dataOff = keyOff + keyLen + (hasHashKey ? 16 : 0);
            int dataLen = body + bodyLen - dataOff;
            if (dataLen < 0) {
                throw new CorruptSegmentException(
                        segment.path().toString(), "bad lengths in record at offset " + nextOffset);
            }
            lastArrivalMillis = m.getLong(body);
            handler.handle(
                    new Record(
                            ordinal,
                            nextOffset,
                            lastArrivalMillis,
                            m,
                            keyOff,
                            keyLen,
                            hasHashKey ? keyOff + keyLen : -1,
                            dataOff,
                            dataLen));
            pos = body + bodyLen;
            nextOffset++;
            n++;
        }
        return n;
    }

    /**
     * Checks a mapped segment's records region now, as its first read would (a prefetch thread does
     * this, so that the reading thread does not have to; see {@link SegmentPrefetcher}).
     */
    public void checkRegion() {
        if (map != null && !regionChecked) {
            regionMatched = regionMatches();
            regionChecked = true;
        }
    }

    /**
     * True if the mapped records region matches the checksum the trailer has of it (format version
     * 2 on). If it does not, records are checked one by one, so that every good record before a bad
     * one is still read, and the bad one is named.
     */
    private boolean regionMatches() {
        if (!segment.hasRecordsChecksum()) {
            return false;
        }
        crcView.limit(mapEnd);
        crcView.position(SegmentFormat.HEADER_SIZE);
        crc.reset();
        crc.update(crcView);
        return (int) crc.getValue() == segment.recordsChecksum();
    }

    /** The body length of the mapped frame at {@link #pos}, checked against the records region. */
    private int mappedFrame() {
        if (mapEnd - pos < FRAME_OVERHEAD) {
            throw new CorruptSegmentException(
                    segment.path().toString(),
                    "records end at offset "
                            + nextOffset
                            + " but the trailer counts "
                            + segment.count());
        }
        int bodyLen = map.getInt(pos);
        // In long arithmetic: a corrupt length near Integer.MAX_VALUE must not wrap around.
        if (bodyLen < SegmentFormat.BODY_PREFIX || (long) bodyLen + FRAME_OVERHEAD > mapEnd - pos) {
            throw new CorruptSegmentException(
                    segment.path().toString(),
                    "record at offset " + nextOffset + " has an impossible length " + bodyLen);
        }
        return bodyLen;
    }

    /** Reads raw frames (for compaction) into {@code visitor}, up to the segment's end. */
    public void readFrames(RecordFrame.Visitor visitor) throws IOException {
        if (map != null) {
            readFramesMapped(visitor);
            return;
        }
        while (hasNext()) {
            int p = nextFrame();
            if (p < 0) {
                throw new CorruptSegmentException(
                        segment.path().toString(), "records end early at offset " + nextOffset);
            }
            int bodyLen = SegmentFormat.getInt(chunk, p);
            crc.reset();
            crc.update(chunk, p + FRAME_OVERHEAD, bodyLen);
            if ((int) crc.getValue() != SegmentFormat.getInt(chunk, p + 4)) {
                throw new CorruptSegmentException(
                        segment.path().toString(),
                        "checksum mismatch in record at offset " + nextOffset);
            }
            visitor.visit(chunk, RecordFrame.at(chunk, p, bodyLen));
            pos = p + FRAME_OVERHEAD + bodyLen;
            nextOffset++;
        }
    }

    private void readFramesMapped(RecordFrame.Visitor visitor) {
        while (hasNext()) {
            int bodyLen = mappedFrame();
            int size = FRAME_OVERHEAD + bodyLen;
            byte[] frame = new byte[size]; // visitors may keep what they are given
            map.get(pos, frame, 0, size);
            crc.reset();
            crc.update(frame, FRAME_OVERHEAD, bodyLen);
            if ((int) crc.getValue() != SegmentFormat.getInt(frame, 4)) {
                throw new CorruptSegmentException(
                        segment.path().toString(),
                        "checksum mismatch in record at offset " + nextOffset);
            }
            visitor.visit(frame, RecordFrame.at(frame, 0, bodyLen));
            pos += size;
            nextOffset++;
        }
    }

    /**
     * Makes the next whole frame available in {@code chunk} and returns its position, or -1 if the
     * records region ends before a whole frame.
     */
    private int nextFrame() throws IOException {
        if (limit - pos < FRAME_OVERHEAD && !fill(FRAME_OVERHEAD)) {
            return -1;
        }
        int bodyLen = SegmentFormat.getInt(chunk, pos);
        long remaining = segment.recordsEnd() - (filePos - (limit - pos));
        // In long arithmetic: a corrupt length near Integer.MAX_VALUE must not wrap around.
        if (bodyLen < SegmentFormat.BODY_PREFIX || (long) bodyLen + FRAME_OVERHEAD > remaining) {
            throw new CorruptSegmentException(
                    segment.path().toString(),
                    "record at offset " + nextOffset + " has an impossible length " + bodyLen);
        }
        if (limit - pos < FRAME_OVERHEAD + bodyLen && !fill(FRAME_OVERHEAD + bodyLen)) {
            return -1;
        }
        return pos;
    }

    /** Moves unread bytes into a fresh chunk and reads more until {@code need} bytes are there. */
    private boolean fill(int need) throws IOException {
        int rest = limit - pos;
        long available = segment.recordsEnd() - filePos;
        if (rest + available < need) {
            return false;
        }
        int size = (int) Math.min(Math.max(chunkSize, need), rest + available);
        byte[] next = new byte[size];
        System.arraycopy(chunk, pos, next, 0, rest);
        int want = size - rest;
        SegmentFile.readFully(in, next, rest, want);
        filePos += want;
        chunk = next;
        chunkBuffer = ByteBuffer.wrap(next);
        pos = 0;
        limit = size;
        return true;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }
}
