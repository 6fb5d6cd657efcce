package dev.brook.store.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.store.Record;
import dev.brook.store.TestSupport;
import dev.brook.store.segment.SegmentTestData.Expected;
import dev.brook.store.segment.SegmentTestData.Written;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentRoundTripTest {
    @TempDir Path dir;

    static final int[] CHUNKS = {1, 7, 64, 333, 4096, 65_536, SegmentReader.DEFAULT_CHUNK};

    @Test
    void randomSegmentsReadBackFromRandomOffsetsWithSmallAndLargeChunks() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        for (int iter = 0; iter < 60; iter++) {
            int count = rnd.nextInt(8) == 0 ? rnd.nextInt(3) : 1 + rnd.nextInt(150);
            boolean stamp = rnd.nextBoolean();
            Written w = SegmentTestData.write(dir, rnd, count, stamp);
            String ctx = "iteration " + iter + ", seed " + seed;

            SegmentFile f = SegmentFile.open(SegmentTestData.fs(), w.path());
            assertThat(f.count()).as(ctx).isEqualTo(count);
            assertThat(f.baseOffset()).as(ctx).isEqualTo(w.base());
            assertThat(f.endOffset()).as(ctx).isEqualTo(w.base() + count);
            assertThat(f.shardOrdinal()).as(ctx).isEqualTo(w.ordinal());
            assertThat(f.writerId()).as(ctx).isEqualTo(w.writerId());
            assertThat(f.commitId()).as(ctx).isEqualTo(w.commitId());
            assertThat(f.isSeal()).as(ctx).isFalse();
            assertThat(f.isCompacted()).as(ctx).isFalse();
            assertThat(f.length()).as(ctx).isEqualTo(Files.size(w.file()));
            if (count > 0) {
                long min = w.records().stream().mapToLong(Expected::arrival).min().orElseThrow();
                long max = w.records().stream().mapToLong(Expected::arrival).max().orElseThrow();
                assertThat(f.minArrivalMillis()).as(ctx).isEqualTo(min);
                assertThat(f.maxArrivalMillis()).as(ctx).isEqualTo(max);
            }

            for (int read = 0; read < 6; read++) {
                long start = w.base() + (count == 0 ? 0 : rnd.nextInt(count + 1));
                int chunk = CHUNKS[rnd.nextInt(CHUNKS.length)];
                List<Record> got = new ArrayList<>();
                boolean mapped = rnd.nextBoolean(); // in place from a mapping, or in chunks
                SegmentFile src = mapped ? SegmentFile.map(w.path(), w.file()) : f;
                try (SegmentReader r = new SegmentReader(SegmentTestData.fs(), src, start, chunk)) {
                    assertThat(r.nextOffset()).as(ctx).isEqualTo(start);
                    while (true) {
                        int max = 1 + rnd.nextInt(40);
                        int n = r.read(got::add, max);
                        assertThat(n).as(ctx).isLessThanOrEqualTo(max);
                        if (n == 0) {
                            break;
                        }
                    }
                    assertThat(r.hasNext()).as(ctx).isFalse();
                    assertThat(r.nextOffset()).as(ctx).isEqualTo(w.base() + count);
                }
                List<Expected> want =
                        w.records().subList((int) (start - w.base()), w.records().size());
                assertThat(got)
                        .as("from %d, chunk %d, mapped %s, %s", start, chunk, mapped, ctx)
                        .hasSameSizeAs(want);
                for (int i = 0; i < want.size(); i++) {
                    Record g = got.get(i);
                    assertThat(want.get(i).matches(g))
                            .as("record %s read as %s, chunk %d, %s", want.get(i), g, chunk, ctx)
                            .isTrue();
                    assertThat(g.shardOrdinal()).as(ctx).isEqualTo(w.ordinal());
                }
            }
            Files.delete(w.file());
        }
    }

    @Test
    void framesCopiedIntoANewBuilderKeepKeysDataAndArrivalTimes() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        for (int iter = 0; iter < 20; iter++) {
            Written w = SegmentTestData.write(dir, rnd, 1 + rnd.nextInt(100), false);
            SegmentFile f = SegmentFile.open(SegmentTestData.fs(), w.path());
            SegmentBuilder copy = new SegmentBuilder(16, 1 + rnd.nextInt(8192));
            try (SegmentReader r =
                    new SegmentReader(
                            SegmentTestData.fs(), f, f.baseOffset(), 1 + rnd.nextInt(5000))) {
                r.readFrames(copy::append);
            }
            assertThat(copy.count()).isEqualTo(w.records().size());
            Path out = dir.resolve("copy.seg");
            try (OutputStream o = Files.newOutputStream(out)) {
                copy.writeTo(
                        o,
                        w.ordinal(),
                        w.base(),
                        new UUID(0, 0),
                        0,
                        SegmentFormat.FLAG_COMPACTED,
                        false,
                        0);
            }
            SegmentFile c =
                    SegmentFile.open(
                            SegmentTestData.fs(), new org.apache.flink.core.fs.Path(out.toUri()));
            assertThat(c.isCompacted()).isTrue();
            assertThat(c.minArrivalMillis()).isEqualTo(f.minArrivalMillis());
            assertThat(c.maxArrivalMillis()).isEqualTo(f.maxArrivalMillis());
            List<Record> got = new ArrayList<>();
            try (SegmentReader r =
                    new SegmentReader(SegmentTestData.fs(), c, c.baseOffset(), 100)) {
                r.read(got::add, Integer.MAX_VALUE);
            }
            for (int i = 0; i < got.size(); i++) {
                assertThat(w.records().get(i).matches(got.get(i)))
                        .as("record %d, seed %d", i, seed)
                        .isTrue();
            }
            assertThat(got).as("seed %d", seed).hasSize(w.records().size());
            Files.delete(out);
            Files.delete(w.file());
        }
    }

    @Test
    void anEmptySealSegmentHasNoRecords() throws Exception {
        SegmentBuilder empty = new SegmentBuilder();
        Path p = dir.resolve(SegmentFormat.fileName(42));
        try (OutputStream o = Files.newOutputStream(p)) {
            empty.writeTo(o, 3, 42, new UUID(0, 0), 0, SegmentFormat.FLAG_SEAL, true, 1234);
        }
        SegmentFile f =
                SegmentFile.open(
                        SegmentTestData.fs(), new org.apache.flink.core.fs.Path(p.toUri()));
        assertThat(f.isSeal()).isTrue();
        assertThat(f.count()).isZero();
        assertThat(f.baseOffset()).isEqualTo(42);
        assertThat(f.endOffset()).isEqualTo(42);
        assertThat(f.length()).isEqualTo(SegmentFormat.HEADER_SIZE + SegmentFormat.TRAILER_SIZE);
        try (SegmentReader r = new SegmentReader(SegmentTestData.fs(), f, 42)) {
            assertThat(r.hasNext()).isFalse();
            assertThat(r.read(record -> {}, 10)).isZero();
        }
    }

    @Test
    void fileNamesEncodeTheBaseOffset() {
        assertThat(SegmentFormat.fileName(0)).isEqualTo("00000000000000000000.seg");
        assertThat(SegmentFormat.fileName(Long.MAX_VALUE)).isEqualTo("09223372036854775807.seg");
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        for (int i = 0; i < 1000; i++) {
            long v = rnd.nextLong() >>> 1 >>> rnd.nextInt(63);
            assertThat(SegmentFormat.parseFileName(SegmentFormat.fileName(v)))
                    .as("seed %d", seed)
                    .isEqualTo(v);
        }
        assertThat(SegmentFormat.parseFileName("0000000000000000000.seg")).isEqualTo(-1);
        assertThat(SegmentFormat.parseFileName("0000000000000000000x.seg")).isEqualTo(-1);
        assertThat(SegmentFormat.parseFileName("00000000000000000000.tmp")).isEqualTo(-1);
        assertThat(SegmentFormat.parseFileName("_maintenance.lock")).isEqualTo(-1);
    }
}
