package dev.brook.store.segment;

import dev.brook.store.HashKey;
import dev.brook.store.Record;
import dev.brook.store.TestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/** Random segments written to real files, with what each record should read back as. */
final class SegmentTestData {
    private SegmentTestData() {}

    /** A record as written. {@code framePosition} is where its frame starts in the file. */
    record Expected(
            long offset,
            String key,
            HashKey hashKey,
            byte[] data,
            long arrival,
            long framePosition,
            int framedSize) {

        boolean matches(Record r) {
            return r.offset() == offset
                    && r.partitionKey().equals(key)
                    && java.util.Objects.equals(r.explicitHashKey(), hashKey)
                    && Arrays.equals(r.data(), data)
                    && r.dataLength() == data.length
                    && r.arrivalMillis() == arrival;
        }

        @Override
        public String toString() {
            return "@" + offset + "[key=" + key + ", " + data.length + " bytes, t=" + arrival + "]";
        }
    }

    /** A segment file on disk and its expected contents. */
    record Written(
            java.nio.file.Path file,
            Path path,
            long ordinal,
            long base,
            UUID writerId,
            long commitId,
            List<Expected> records,
            long recordsEnd) {}

    static byte[] randomData(Random rnd) {
        int len =
                switch (rnd.nextInt(10)) {
                    case 0 -> 0;
                    case 1, 2, 3, 4, 5 -> rnd.nextInt(100);
                    case 6, 7, 8 -> rnd.nextInt(4096);
                    default -> rnd.nextInt(100 * 1024 + 1);
                };
        byte[] b = new byte[len];
        rnd.nextBytes(b);
        return b;
    }

    static Written write(java.nio.file.Path dir, Random rnd, int count, boolean stamp)
            throws IOException {
        long ordinal = rnd.nextInt(1000);
        long base = rnd.nextBoolean() ? 0 : (rnd.nextLong() >>> 2);
        UUID writer = new UUID(rnd.nextLong(), rnd.nextLong());
        long commit = rnd.nextLong();
        long stampTime = 1_700_000_000_000L + rnd.nextInt(1_000_000);
        // Small and odd index intervals so the sparse index has many entries.
        int indexInterval =
                rnd.nextBoolean() ? 1 + rnd.nextInt(4096) : SegmentBuilder.DEFAULT_INDEX_INTERVAL;
        SegmentBuilder b = new SegmentBuilder(1 + rnd.nextInt(1024), indexInterval);
        List<Expected> expected = new ArrayList<>();
        long pos = SegmentFormat.HEADER_SIZE;
        for (int i = 0; i < count; i++) {
            String key = TestSupport.randomKey(rnd, 1 + rnd.nextInt(256));
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            HashKey hk = rnd.nextInt(3) == 0 ? HashKey.of(new BigInteger(128, rnd)) : null;
            byte[] data = randomData(rnd);
            long arrival = stamp ? stampTime : 1_600_000_000_000L + rnd.nextInt(1 << 30);
            // The key sits inside a larger array, as producers hand it over.
            byte[] keyBuf = new byte[k.length + 5];
            System.arraycopy(k, 0, keyBuf, 2, k.length);
            byte[] dataBuf = new byte[data.length + 9];
            System.arraycopy(data, 0, dataBuf, 4, data.length);
            b.append(keyBuf, 2, k.length, hk, dataBuf, 4, data.length, arrival);
            int framed = SegmentBuilder.framedSize(k.length, hk != null, data.length);
            expected.add(new Expected(base + i, key, hk, data, arrival, pos, framed));
            pos += framed;
        }
        java.nio.file.Path file = dir.resolve(SegmentFormat.fileName(base));
        try (OutputStream out = Files.newOutputStream(file)) {
            b.writeTo(out, ordinal, base, writer, commit, (short) 0, stamp, stampTime);
        }
        if (Files.size(file) != b.fileSize()) {
            throw new AssertionError(
                    "fileSize() " + b.fileSize() + " but wrote " + Files.size(file));
        }
        return new Written(
                file, new Path(file.toUri()), ordinal, base, writer, commit, expected, pos);
    }

    static FileSystem fs() {
        return FileSystem.getLocalFileSystem();
    }
}
