package dev.brook.store.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.brook.store.Record;
import dev.brook.store.TestSupport;
import dev.brook.store.segment.SegmentTestData.Expected;
import dev.brook.store.segment.SegmentTestData.Written;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torn and corrupted segments are detected with {@link CorruptSegmentException} naming the file,
 * and their bad bytes are never returned as data.
 */
class SegmentCorruptionTest {
    @TempDir Path dir;

    private static final int[] CHUNKS = {1, 13, 512, 65_536, SegmentReader.DEFAULT_CHUNK};

    /** What reading a (possibly corrupt) segment from {@code start} gave. */
    private record Outcome(List<Record> records, CorruptSegmentException error) {}

    /**
     * Reads with both readers, from a stream in chunks and in place from a memory mapping; they
     * must agree on how many records come before an error and on whether there is one.
     */
    private static Outcome readAll(Written w, long start, int chunk) throws IOException {
        Outcome streamed = readOnce(w, start, chunk, false);
        Outcome mapped = readOnce(w, start, chunk, true);
        String ctx = "mapped vs streamed, from " + start + ", chunk " + chunk;
        assertThat(mapped.records()).as(ctx).hasSameSizeAs(streamed.records());
        assertThat(mapped.error() == null).as(ctx).isEqualTo(streamed.error() == null);
        assertOnlyTrueRecords(w, start, mapped, "mapped: " + ctx);
        if (mapped.error() != null) {
            assertNamesFile(mapped.error(), w, "mapped: " + ctx);
        }
        return streamed;
    }

    private static Outcome readOnce(Written w, long start, int chunk, boolean mapped)
            throws IOException {
        List<Record> got = new ArrayList<>();
        try {
            SegmentFile f =
                    mapped
                            ? SegmentFile.map(w.path(), w.file())
                            : SegmentFile.open(SegmentTestData.fs(), w.path());
            try (SegmentReader r = new SegmentReader(SegmentTestData.fs(), f, start, chunk)) {
                // One record at a time, so that every record before a bad one is seen.
                while (r.read(got::add, 1) > 0) {}
            }
            return new Outcome(got, null);
        } catch (CorruptSegmentException e) {
            return new Outcome(got, e);
        }
    }

    /** Every record returned is exactly the one written at its offset, in order from start. */
    private static void assertOnlyTrueRecords(Written w, long start, Outcome o, String ctx) {
        for (int i = 0; i < o.records().size(); i++) {
            Record r = o.records().get(i);
            Expected e = w.records().get((int) (start - w.base()) + i);
            assertThat(e.matches(r)).as("returned %s where %s was written; %s", r, e, ctx).isTrue();
        }
    }

    private static void assertNamesFile(CorruptSegmentException e, Written w, String ctx) {
        assertThat(e).as(ctx).isNotNull();
        assertThat(e.getMessage()).as(ctx).contains(w.path().toString()).contains("corrupt");
        assertThat(e.errorCode()).as(ctx).isEqualTo("CorruptSegmentException");
    }

    private static void flip(Path file, long pos, Random rnd) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(pos);
            int b = raf.read();
            raf.seek(pos);
            raf.write(b ^ (1 + rnd.nextInt(255)));
        }
    }

    @Test
    void truncatedSegmentsAreDetectedWhenOpened() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        for (int iter = 0; iter < 40; iter++) {
            Written w = SegmentTestData.write(dir, rnd, rnd.nextInt(60), rnd.nextBoolean());
            byte[] original = Files.readAllBytes(w.file());
            for (int cut = 0; cut < 8; cut++) {
                int len =
                        switch (cut) {
                            case 0 -> 0;
                            case 1 -> original.length - 1;
                            case 2 -> original.length - SegmentFormat.TRAILER_SIZE;
                            case 3 -> (int) w.recordsEnd();
                            default -> rnd.nextInt(original.length);
                        };
                Files.write(w.file(), java.util.Arrays.copyOf(original, len));
                String ctx = "cut to " + len + " of " + original.length + ", seed " + seed;
                long start = w.base();
                Outcome o = readAll(w, start, CHUNKS[rnd.nextInt(CHUNKS.length)]);
                assertOnlyTrueRecords(w, start, o, ctx);
                assertNamesFile(o.error(), w, ctx);
                assertThat(o.records()).as("a torn file is rejected when opened; " + ctx).isEmpty();
            }
            Files.delete(w.file());
        }
    }

    @Test
    void aFlippedByteInARecordIsDetectedAndThatRecordIsNeverReturned() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        int iterations = 0;
        while (iterations < 150) {
            Written w = SegmentTestData.write(dir, rnd, 1 + rnd.nextInt(40), rnd.nextBoolean());
            Path pristine = dir.resolve("pristine");
            Files.copy(w.file(), pristine, StandardCopyOption.REPLACE_EXISTING);
            for (int k = 0; k < 5; k++, iterations++) {
                Files.copy(pristine, w.file(), StandardCopyOption.REPLACE_EXISTING);
                int c = rnd.nextInt(w.records().size());
                Expected victim = w.records().get(c);
                long pos = victim.framePosition() + rnd.nextInt(victim.framedSize());
                flip(w.file(), pos, rnd);
                int chunk = CHUNKS[rnd.nextInt(CHUNKS.length)];
                String ctx =
                        "byte " + pos + " of record " + c + ", chunk " + chunk + ", seed " + seed;

                // From the segment's start: everything up to the bad record, then the error.
                Outcome o = readAll(w, w.base(), chunk);
                assertOnlyTrueRecords(w, w.base(), o, ctx);
                assertNamesFile(o.error(), w, ctx);
                assertThat(o.records().size()).as(ctx).isLessThanOrEqualTo(c);

                // From a random offset: never a wrong record; an error whenever the bad record
                // lies in the range read.
                long start = w.base() + rnd.nextInt(w.records().size() + 1);
                Outcome p = readAll(w, start, chunk);
                assertOnlyTrueRecords(w, start, p, ctx + ", from " + start);
                if (start <= w.base() + c) {
                    assertNamesFile(p.error(), w, ctx + ", from " + start);
                }
            }
            Files.delete(pristine);
            Files.delete(w.file());
        }
    }

    @Test
    void aFlippedByteInTheHeaderIsDetectedWhenOpened() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        Written w = SegmentTestData.write(dir, rnd, 1 + rnd.nextInt(20), false);
        byte[] original = Files.readAllBytes(w.file());
        for (int pos = 0; pos < SegmentFormat.HEADER_SIZE; pos++) {
            Files.write(w.file(), original);
            flip(w.file(), pos, rnd);
            Outcome o = readAll(w, w.base(), 4096);
            String ctx = "header byte " + pos + ", seed " + seed;
            assertNamesFile(o.error(), w, ctx);
            assertThat(o.records()).as(ctx).isEmpty();
        }
    }

    @Test
    void aFlippedByteInTheIndexOrTrailerIsDetectedWhenOpened() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        for (int iter = 0; iter < 10; iter++) {
            Written w = SegmentTestData.write(dir, rnd, rnd.nextInt(80), rnd.nextBoolean());
            byte[] original = Files.readAllBytes(w.file());
            for (long pos = w.recordsEnd(); pos < original.length; pos++) {
                Files.write(w.file(), original);
                flip(w.file(), pos, rnd);
                Outcome o = readAll(w, w.base(), 4096);
                String ctx =
                        "byte "
                                + pos
                                + " (records end at "
                                + w.recordsEnd()
                                + ", file "
                                + original.length
                                + "), seed "
                                + seed;
                assertNamesFile(o.error(), w, ctx);
                assertThat(o.records()).as(ctx).isEmpty();
            }
            Files.delete(w.file());
        }
    }

    @Test
    void impossibleRecordLengthsAreDetected() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        int[] lengths = {
            Integer.MAX_VALUE, Integer.MAX_VALUE - 3, Integer.MIN_VALUE, -1, 0, 10, 1 << 30
        };
        for (int bad : lengths) {
            Written w = SegmentTestData.write(dir, rnd, 3, false);
            int victim = rnd.nextInt(3);
            long pos = w.records().get(victim).framePosition();
            try (RandomAccessFile raf = new RandomAccessFile(w.file().toFile(), "rw")) {
                raf.seek(pos);
                raf.writeInt(bad);
            }
            for (int chunk : CHUNKS) {
                String ctx = "length " + bad + " in record " + victim + ", chunk " + chunk;
                Outcome o = readAll(w, w.base(), chunk);
                assertOnlyTrueRecords(w, w.base(), o, ctx);
                assertNamesFile(o.error(), w, ctx);
                assertThat(o.records()).as(ctx).hasSizeLessThanOrEqualTo(victim);
            }
            Files.delete(w.file());
        }
    }

    @Test
    void aTrailerCountingMoreRecordsThanThereAreIsDetected() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        Written w = SegmentTestData.write(dir, rnd, 1 + rnd.nextInt(10), false);
        byte[] b = Files.readAllBytes(w.file());
        int t = b.length - SegmentFormat.TRAILER_SIZE;
        putInt(b, t, getInt(b, t) + 1); // one more record than written, with a valid checksum
        resealTrailer(b, w);
        Files.write(w.file(), b);
        Outcome o = readAll(w, w.base(), 64);
        assertOnlyTrueRecords(w, w.base(), o, "seed " + seed);
        assertNamesFile(o.error(), w, "seed " + seed);
    }

    @Test
    void aSegmentOfFormatVersion1IsStillReadWithEveryRecordChecked() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        Written w = SegmentTestData.write(dir, rnd, 1 + rnd.nextInt(40), rnd.nextBoolean());
        byte[] b = Files.readAllBytes(w.file());
        // Version 1: the same bytes without the records region's checksum in the trailer.
        int t = b.length - SegmentFormat.TRAILER_SIZE;
        byte[] v1 = new byte[b.length - 4];
        System.arraycopy(b, 0, v1, 0, t + 32);
        System.arraycopy(b, t + 36, v1, t + 32, b.length - t - 36);
        v1[5] = SegmentFormat.VERSION_1;
        resealHeader(v1);
        resealTrailer(v1, w);
        Files.write(w.file(), v1);
        assertEveryRecordIsRead(w, seed);
    }

    @Test
    void aWrongRecordsRegionChecksumFallsBackToCheckingEachRecord() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        Written w = SegmentTestData.write(dir, rnd, 1 + rnd.nextInt(40), rnd.nextBoolean());
        byte[] b = Files.readAllBytes(w.file());
        int t = b.length - SegmentFormat.TRAILER_SIZE;
        putInt(b, t + 32, getInt(b, t + 32) ^ (1 << rnd.nextInt(32)));
        resealTrailer(b, w);
        Files.write(w.file(), b);
        // The records are intact, each with its own good checksum: all of them are read.
        assertEveryRecordIsRead(w, seed);
    }

    private static void assertEveryRecordIsRead(Written w, long seed) throws IOException {
        Outcome o = readAll(w, w.base(), 64);
        assertThat(o.error()).as("seed " + seed).isNull();
        assertThat(o.records()).as("seed " + seed).hasSameSizeAs(w.records());
        assertOnlyTrueRecords(w, w.base(), o, "seed " + seed);
    }

    private static void resealHeader(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, 48);
        putInt(b, 48, (int) crc.getValue());
    }

    /** Recomputes the checksum of index and trailer, after a test changed them on purpose. */
    private static void resealTrailer(byte[] b, Written w) {
        int tailStart = (int) w.recordsEnd();
        CRC32C crc = new CRC32C();
        crc.update(b, tailStart, b.length - 8 - tailStart);
        putInt(b, b.length - 8, (int) crc.getValue());
    }

    @Test
    void aFileThatIsNotASegmentIsRejected() throws Exception {
        Path p = dir.resolve(SegmentFormat.fileName(0));
        Files.write(p, new byte[200]);
        org.apache.flink.core.fs.Path fp = new org.apache.flink.core.fs.Path(p.toUri());
        assertThatThrownBy(() -> SegmentFile.open(SegmentTestData.fs(), fp))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining(fp.toString());
        try {
            SegmentFile.open(
                    SegmentTestData.fs(),
                    new org.apache.flink.core.fs.Path(dir.resolve("missing").toUri()));
            fail("a missing file must not open");
        } catch (java.io.FileNotFoundException expected) {
            // ShardLog.openOrNull relies on this to tell "deleted" from "corrupt"
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24)
                | ((b[off + 1] & 0xFF) << 16)
                | ((b[off + 2] & 0xFF) << 8)
                | (b[off + 3] & 0xFF);
    }
}
