package dev.brook.store.segment;

import static dev.brook.store.segment.SegmentFormat.HEADER_SIZE;
import static dev.brook.store.segment.SegmentFormat.INDEX_ENTRY_SIZE;

import java.io.EOFException;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
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

    /** True if the trailer has a CRC32C of the records region (format version 2 on). */
    private final boolean hasRecordsChecksum;

    /** That CRC32C, or 0. */
    private final int recordsChecksum;

    private final int[] indexOffsets;
    private final long[] indexPositions;
    private final ByteBuffer mapped;

    private SegmentFile(
            Path path, long length, byte[] header, byte[] tail, int indexCount, ByteBuffer mapped) {
        this.path = path;
        this.mapped = mapped;
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
        this.hasRecordsChecksum = SegmentFormat.getShort(header, 4) != SegmentFormat.VERSION_1;
        this.recordsChecksum = hasRecordsChecksum ? SegmentFormat.getInt(tail, t + 32) : 0;
        this.indexOffsets = new int[indexCount];
        this.indexPositions = new long[indexCount];
        for (int i = 0; i < indexCount; i++) {
            indexOffsets[i] = SegmentFormat.getInt(tail, i * INDEX_ENTRY_SIZE);
            indexPositions[i] = SegmentFormat.getLong(tail, i * INDEX_ENTRY_SIZE + 4);
        }
    }

    /** Reads bytes of a segment at a file position. */
    @FunctionalInterface
    private interface Source {
        void read(long position, byte[] into) throws IOException;
    }

    /** Reads and checks a segment's header, trailer and index. */
    public static SegmentFile open(FileSystem fs, Path path) throws IOException {
        if (!fs.isDistributedFS() && "file".equals(fs.getUri().getScheme())) {
            // The length and the bytes from one handle: compaction replaces segments by rename,
            // and a length looked up by name could be another file's than the one then read.
            java.nio.file.Path file = new File(path.toUri().getPath()).toPath();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                return check(
                        path,
                        channel.size(),
                        (position, into) -> readFully(channel, position, into),
                        null);
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException(path.toString());
            }
        }
        long length = fs.getFileStatus(path).getLen();
        try (FSDataInputStream in = fs.open(path)) {
            return check(
                    path,
                    length,
                    (position, into) -> {
                        in.seek(position);
                        readFully(in, into, 0, into.length);
                    },
                    null);
        }
    }

    /**
     * Maps a local segment file into memory and checks its header, trailer and index, as {@link
     * #open} does. A {@link SegmentReader} of a mapped segment reads its records in place, with no
     * read calls and no copies, and the records it returns are views onto the mapping (which lives
     * as long as any of them: it is released by the garbage collector, never explicitly, so no
     * record can outlive it). Segments are immutable, never truncated, so the mapping stays valid;
     * deleting the file (retention) keeps its pages until the mapping goes.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     */
    public static SegmentFile map(Path path, java.nio.file.Path file) throws IOException {
        MappedByteBuffer map;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            if (length > Integer.MAX_VALUE) {
                throw new IOException("segment " + path + " is too large to map: " + length);
            }
            map = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
        }
        return check(path, map.capacity(), (position, into) -> map.get((int) position, into), map);
    }

    private static SegmentFile check(Path path, long length, Source in, ByteBuffer mapped)
            throws IOException {
        checkLength(path, length, SegmentFormat.TRAILER_SIZE_V1);
        byte[] header = new byte[HEADER_SIZE];
        in.read(0, header);
        int trailerSize = SegmentFormat.trailerSize(checkHeader(path, header));
        checkLength(path, length, trailerSize);
        byte[] trailer = new byte[trailerSize];
        in.read(length - trailerSize, trailer);
        if (SegmentFormat.getInt(trailer, trailerSize - 4) != SegmentFormat.TRAILER_MAGIC) {
            throw new CorruptSegmentException(
                    path.toString(), "trailer magic missing at the end (torn or truncated)");
        }
        int indexCount = SegmentFormat.getInt(trailer, 20);
        long indexPos = SegmentFormat.getLong(trailer, 24);
        long expected = indexPos + (long) indexCount * INDEX_ENTRY_SIZE + trailerSize;
        if (indexCount < 0 || indexPos < HEADER_SIZE || expected != length) {
            throw new CorruptSegmentException(
                    path.toString(), "trailer does not match the file length " + length);
        }
        byte[] tail = new byte[indexCount * INDEX_ENTRY_SIZE + trailerSize];
        in.read(indexPos, tail);
        CRC32C crc = new CRC32C();
        crc.update(tail, 0, tail.length - 8);
        if ((int) crc.getValue() != SegmentFormat.getInt(tail, tail.length - 8)) {
            throw new CorruptSegmentException(path.toString(), "trailer checksum mismatch");
        }
        return new SegmentFile(path, length, header, tail, indexCount, mapped);
    }

    private static void checkLength(Path path, long length, int trailerSize) {
        if (length < HEADER_SIZE + trailerSize) {
            throw new CorruptSegmentException(
                    path.toString(),
                    "file has " + length + " bytes, less than a header and trailer (torn write?)");
        }
    }

    /** Checks the header and returns the segment's format version. */
    private static int checkHeader(Path path, byte[] header) {
        if (SegmentFormat.getInt(header, 0) != SegmentFormat.HEADER_MAGIC) {
            throw new CorruptSegmentException(path.toString(), "not a Brook segment (bad magic)");
        }
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 48);
        if ((int) crc.getValue() != SegmentFormat.getInt(header, 48)) {
            throw new CorruptSegmentException(path.toString(), "header checksum mismatch");
        }
        int version = SegmentFormat.getShort(header, 4);
        if (version != SegmentFormat.VERSION && version != SegmentFormat.VERSION_1) {
            throw new CorruptSegmentException(
                    path.toString(),
                    "segment format version "
                            + version
                            + " is not supported (this Brook reads "
                            + SegmentFormat.VERSION_1
                            + " to "
                            + SegmentFormat.VERSION
                            + ")");
        }
        return version;
    }

    private static void readFully(FileChannel channel, long position, byte[] into)
            throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(into);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new EOFException();
            }
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

    /** True if the trailer holds a CRC32C of the whole records region (format version 2 on). */
    boolean hasRecordsChecksum() {
        return hasRecordsChecksum;
    }

    /** The CRC32C of the records region, from the header's end to {@link #recordsEnd}. */
    int recordsChecksum() {
        return recordsChecksum;
    }

    /** True if the file was opened by {@link #map}. */
    public boolean isMapped() {
        return mapped != null;
    }

    /** The whole file mapped read-only, if it was opened by {@link #map}; else null. */
    ByteBuffer mapped() {
        return mapped;
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
