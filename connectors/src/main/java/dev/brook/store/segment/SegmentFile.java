package dev.brook.store.segment;

import static dev.brook.store.segment.SegmentFormat.HEADER_SIZE;
import static dev.brook.store.segment.SegmentFormat.INDEX_ENTRY_SIZE;
import static dev.brook.store.segment.SegmentFormat.TRAILER_SIZE;

import java.io.EOFException;
import java.io.IOException;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/** The header, trailer and index of one published segment, checked when opened. */
public final class SegmentFile {
    private final Path path;
    private final long length;
    private final short flags;
    private final long shardOrdinal;
    private final long baseOffset;
    private final UUID writerId;
    private final long commitId;
    private final int count;
    private final long minArrival;
    private final long maxArrival;
    private final long recordsEnd;
    private final int[] indexOffsets;
    private final long[] indexPositions;

    private SegmentFile(Path path, long length, byte[] header, byte[] tail, int indexCount) {
        this.path = path;
        this.length = length;
        this.flags = (short) SegmentFormat.getShort(header, 6);
        this.shardOrdinal = SegmentFormat.getLong(header, 8);
        long base = SegmentFormat.getLong(header, 16);
        this.baseOffset =
                base == SegmentFormat.BASE_FROM_NAME
                        ? SegmentFormat.parseFileName(path.getName())
                        : base;
        this.writerId =
                new UUID(SegmentFormat.getLong(header, 24), SegmentFormat.getLong(header, 32));
        this.commitId = SegmentFormat.getLong(header, 40);
        int t = indexCount * INDEX_ENTRY_SIZE;
        this.count = SegmentFormat.getInt(tail, t);
        this.minArrival = SegmentFormat.getLong(tail, t + 4);
        this.maxArrival = SegmentFormat.getLong(tail, t + 12);
        this.recordsEnd = SegmentFormat.getLong(tail, t + 24);
        this.indexOffsets = new int[indexCount];
        this.indexPositions = new long[indexCount];
        for (int i = 0; i < indexCount; i++) {
            indexOffsets[i] = SegmentFormat.getInt(tail, i * INDEX_ENTRY_SIZE);
            indexPositions[i] = SegmentFormat.getLong(tail, i * INDEX_ENTRY_SIZE + 4);
        }
    }

    /** Reads and checks a segment's header, trailer and index. */
    public static SegmentFile open(FileSystem fs, Path path) throws IOException {
        long length = fs.getFileStatus(path).getLen();
        if (length < HEADER_SIZE + TRAILER_SIZE) {
            throw new CorruptSegmentException(
                    path.toString(),
                    "file has " + length + " bytes, less than a header and trailer (torn write?)");
        }
        try (FSDataInputStream in = fs.open(path)) {
            byte[] header = new byte[HEADER_SIZE];
            readFully(in, header, 0, HEADER_SIZE);
            checkHeader(path, header);
            byte[] trailer = new byte[TRAILER_SIZE];
            in.seek(length - TRAILER_SIZE);
            readFully(in, trailer, 0, TRAILER_SIZE);
            if (SegmentFormat.getInt(trailer, 36) != SegmentFormat.TRAILER_MAGIC) {
                throw new CorruptSegmentException(
                        path.toString(), "trailer magic missing at the end (torn or truncated)");
            }
            int indexCount = SegmentFormat.getInt(trailer, 20);
            long indexPos = SegmentFormat.getLong(trailer, 24);
            long expected = indexPos + (long) indexCount * INDEX_ENTRY_SIZE + TRAILER_SIZE;
            if (indexCount < 0 || indexPos < HEADER_SIZE || expected != length) {
                throw new CorruptSegmentException(
                        path.toString(), "trailer does not match the file length " + length);
            }
            byte[] tail = new byte[indexCount * INDEX_ENTRY_SIZE + TRAILER_SIZE];
            in.seek(indexPos);
            readFully(in, tail, 0, tail.length);
            CRC32C crc = new CRC32C();
            crc.update(tail, 0, tail.length - 8);
            if ((int) crc.getValue() != SegmentFormat.getInt(tail, tail.length - 8)) {
                throw new CorruptSegmentException(path.toString(), "trailer checksum mismatch");
            }
            return new SegmentFile(path, length, header, tail, indexCount);
        }
    }

    private static void checkHeader(Path path, byte[] header) {
        if (SegmentFormat.getInt(header, 0) != SegmentFormat.HEADER_MAGIC) {
            throw new CorruptSegmentException(path.toString(), "not a Brook segment (bad magic)");
        }
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 48);
        if ((int) crc.getValue() != SegmentFormat.getInt(header, 48)) {
            throw new CorruptSegmentException(path.toString(), "header checksum mismatch");
        }
        int version = SegmentFormat.getShort(header, 4);
        if (version != SegmentFormat.VERSION) {
            throw new CorruptSegmentException(
                    path.toString(),
                    "segment format version "
                            + version
                            + " is not supported (this Brook reads "
                            + SegmentFormat.VERSION
                            + ")");
        }
    }

    static void readFully(FSDataInputStream in, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException();
            }
            off += n;
            len -= n;
        }
    }

    public Path path() {
        return path;
    }

    public long length() {
        return length;
    }

    public long baseOffset() {
        return baseOffset;
    }

    /** Offset one past the last record. */
    public long endOffset() {
        return baseOffset + count;
    }

    public int count() {
        return count;
    }

    public long shardOrdinal() {
        return shardOrdinal;
    }

    public boolean isSeal() {
        return (flags & SegmentFormat.FLAG_SEAL) != 0;
    }

    public boolean isCompacted() {
        return (flags & SegmentFormat.FLAG_COMPACTED) != 0;
    }

    public UUID writerId() {
        return writerId;
    }

    public long commitId() {
        return commitId;
    }

    public long minArrivalMillis() {
        return minArrival;
    }

    public long maxArrivalMillis() {
        return maxArrival;
    }

    long recordsEnd() {
        return recordsEnd;
    }

    /**
     * File position of the indexed record at or before {@code offset}, and that record's offset.
     */
    long[] seekPoint(long offset) {
        long rel = offset - baseOffset;
        int lo = 0;
        int hi = indexOffsets.length - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (indexOffsets[mid] <= rel) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best < 0
                ? new long[] {baseOffset, HEADER_SIZE}
                : new long[] {baseOffset + indexOffsets[best], indexPositions[best]};
    }

    @Override
    public String toString() {
        return path.getName() + "[" + baseOffset + ".." + endOffset() + ")";
    }
}
