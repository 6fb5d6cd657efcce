package dev.brook.store.segment;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The on-disk layout of a segment, version 2. All integers are big-endian.
 *
 * <pre>
 * header  (52 bytes) magic "BRKS" | version u16 | flags u16 | shard ordinal i64 | base offset i64
 *                    | writer id 16 bytes | commit id i64 | CRC32C of the preceding 48 bytes
 * records            per record: body length i32 | CRC32C(body) i32 | body
 *                    body: arrival millis i64 | flags u8 | key length u16 | key (UTF-8)
 *                          | explicit hash key (16 bytes, if flag bit 0) | data
 * index              per entry: relative offset i32 | file position i64, one entry per
 *                    INDEX_INTERVAL bytes of records, the first record always indexed
 * trailer (44 bytes) record count i32 | min arrival i64 | max arrival i64 | index entries i32
 *                    | index position i64 | CRC32C of the whole records region
 *                    | CRC32C of index and the preceding trailer fields | magic "BRKT"
 * </pre>
 *
 * Version 1, still read, has no checksum of the records region (a 40-byte trailer).
 *
 * <p>Every record has its own checksum, so that a reader can tell exactly which record is bad and
 * return every good one before it. The records region has one more, because one CRC32C over a
 * megabyte costs a fifth of a CRC32C per 100-byte record: a reader of a whole mapped segment checks
 * that one and, if it matches, skips the records' own (see {@link SegmentReader}).
 *
 * <p>A base offset of {@value #BASE_FROM_NAME} in the header means "the file name says": the
 * exactly-once sink stages segments before it knows where they will land, and publishes the staged
 * file itself at commit, without rewriting it.
 *
 * <p>A segment is written whole to staging and published by an atomic no-replace rename, so a torn
 * file can only come from a crash below the filesystem or from tampering; both fail a check.
 */
public final class SegmentFormat {
    public static final int HEADER_MAGIC = 0x42524B53; // "BRKS"
    public static final int TRAILER_MAGIC = 0x42524B54; // "BRKT"
    public static final short VERSION = 2;

    /** The oldest version read: no checksum of the records region. */
    static final short VERSION_1 = 1;

    public static final int HEADER_SIZE = 52;
    public static final int TRAILER_SIZE = 44;
    static final int TRAILER_SIZE_V1 = 40;
    public static final int FRAME_OVERHEAD = 8;

    /** Bytes of a record body before the key: arrival, flags, key length. */
    public static final int BODY_PREFIX = 11;

    public static final int INDEX_ENTRY_SIZE = 12;

    /** Header base offset of a segment staged before its offset was known. */
    public static final long BASE_FROM_NAME = -1;

    /** Header flag: the segment holds no records and closes the shard. */
    public static final short FLAG_SEAL = 1;

    /** Header flag: the segment was produced by compaction from older segments. */
    public static final short FLAG_COMPACTED = 2;

    public static final byte RECORD_FLAG_HASH_KEY = 1;

    public static final String SEGMENT_SUFFIX = ".seg";
    public static final int NAME_DIGITS = 20;

    // Views of byte arrays as big-endian numbers: one load or store each, where shifting bytes
    // took one per byte (a 100-byte record's framing went from 20 to 18.5 ns).
    private static final VarHandle SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private SegmentFormat() {}

    /** Trailer size of a segment of {@code version} (one that is read). */
    static int trailerSize(int version) {
        return version == VERSION_1 ? TRAILER_SIZE_V1 : TRAILER_SIZE;
    }

    public static String fileName(long baseOffset) {
        if (baseOffset < 0) {
            return String.format("%020d%s", baseOffset, SEGMENT_SUFFIX);
        }
        // Zero-padded by hand: readers build one name per segment, and String.format is slow.
        String digits = Long.toString(baseOffset);
        StringBuilder b = new StringBuilder(NAME_DIGITS + SEGMENT_SUFFIX.length());
        for (int i = digits.length(); i < NAME_DIGITS; i++) {
            b.append('0');
        }
        return b.append(digits).append(SEGMENT_SUFFIX).toString();
    }

    /** The base offset a segment file name encodes, or -1 if the name is not a segment's. */
    public static long parseFileName(String name) {
        return parseOffsetName(name, SEGMENT_SUFFIX);
    }

    static long parseOffsetName(String name, String suffix) {
        if (name.length() != NAME_DIGITS + suffix.length() || !name.endsWith(suffix)) {
            return -1;
        }
        for (int i = 0; i < NAME_DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Long.parseLong(name, 0, NAME_DIGITS, 10);
    }

    static void putShort(byte[] b, int off, int v) {
        SHORT.set(b, off, (short) v);
    }

    static void putInt(byte[] b, int off, int v) {
        INT.set(b, off, v);
    }

    static void putLong(byte[] b, int off, long v) {
        LONG.set(b, off, v);
    }

    static int getShort(byte[] b, int off) {
        return (short) SHORT.get(b, off) & 0xFFFF;
    }

    static int getInt(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    static long getLong(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }
}
