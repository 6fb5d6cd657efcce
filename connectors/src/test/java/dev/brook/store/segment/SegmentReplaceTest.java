package dev.brook.store.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.store.TestSupport;
import dev.brook.store.segment.SegmentTestData.Written;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction replaces a segment by an atomic rename of a longer one that starts with the same
 * records. Opening the segment meanwhile must give the old or the new one, never a false alarm.
 */
class SegmentReplaceTest {
    @TempDir Path dir;

    @Test
    @Timeout(60)
    void openingASegmentThatIsAtomicallyReplacedSeesOneOfThemWhole() throws Exception {
        long seed = TestSupport.seed();
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createDirectories(a);
        Files.createDirectories(b);
        Written small = SegmentTestData.write(a, new Random(seed), 2, false);
        Written large = SegmentTestData.write(b, new Random(seed), 40, false); // same first records
        Path target = dir.resolve(SegmentFormat.fileName(small.base()));
        Path smallCopy = dir.resolve("small.tmp");
        Path largeCopy = dir.resolve("large.tmp");
        Files.copy(small.file(), target);
        org.apache.flink.core.fs.Path flinkTarget =
                new org.apache.flink.core.fs.Path(target.toUri());
        AtomicBoolean stop = new AtomicBoolean();
        Thread replacer =
                new Thread(
                        () -> {
                            try {
                                boolean big = true;
                                while (!stop.get()) {
                                    Path src = big ? largeCopy : smallCopy;
                                    Files.copy(big ? large.file() : small.file(), src);
                                    Files.move(
                                            src,
                                            target,
                                            StandardCopyOption.ATOMIC_MOVE,
                                            StandardCopyOption.REPLACE_EXISTING);
                                    big = !big;
                                }
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        replacer.start();
        try {
            for (int i = 0; i < 20_000; i++) {
                SegmentFile f = SegmentFile.open(SegmentTestData.fs(), flinkTarget);
                assertThat(f.count()).as("open %d, seed %d", i, seed).isIn(2, 40);
            }
        } finally {
            stop.set(true);
            replacer.join();
        }
    }
}
