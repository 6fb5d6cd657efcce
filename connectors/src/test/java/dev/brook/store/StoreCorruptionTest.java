package dev.brook.store;

import static dev.brook.store.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.store.segment.CorruptSegmentException;
import dev.brook.store.segment.SegmentFormat;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged segment in a stream is reported, naming the file, and never read as data. */
class StoreCorruptionTest {
    static final String SHARD = "shardId-000000000000";

    @TempDir Path dir;

    @Test
    void aFlippedByteInAStoredSegmentFailsTheReadNamingTheFile() throws Exception {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 1);
        for (int seg = 0; seg < 3; seg++) {
            List<PutRecordsEntry> batch = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batch.add(new PutRecordsEntry("k", utf8("seg" + seg + "-" + i + "-payload")));
            }
            store.putRecords("s", batch);
        }
        Path middle = dir.resolve("s").resolve(SHARD).resolve(SegmentFormat.fileName(4));
        byte[] b = Files.readAllBytes(middle);
        int at = indexOf(b, utf8("seg1-2-payload")); // inside the data of offset 6
        try (RandomAccessFile raf = new RandomAccessFile(middle.toFile(), "rw")) {
            raf.seek(at);
            raf.write(b[at] ^ 0x20);
        }

        assertThatThrownBy(() -> store.getRecords("s", SHARD, StartingPosition.trimHorizon(), 100))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining(SegmentFormat.fileName(4))
                .hasMessageContaining("offset 6");
        // Record by record: everything before the damaged record, then the error.
        List<String> got = new ArrayList<>();
        try (ShardReader r = store.openShardReaderAt("s", SHARD, 0, 64)) {
            assertThatThrownBy(
                            () -> {
                                while (true) {
                                    r.read(1)
                                            .records()
                                            .forEach(x -> got.add(TestSupport.str(x.data())));
                                }
                            })
                    .isInstanceOf(CorruptSegmentException.class);
        }
        assertThat(got)
                .containsExactly(
                        "seg0-0-payload",
                        "seg0-1-payload",
                        "seg0-2-payload",
                        "seg0-3-payload",
                        "seg1-0-payload",
                        "seg1-1-payload");
        // The segments around it still read.
        String after = new SequenceNumber(0, 8).toString();
        assertThat(
                        store.getRecords("s", SHARD, StartingPosition.atSequenceNumber(after), 100)
                                .records())
                .extracting(x -> TestSupport.str(x.data()))
                .containsExactly(
                        "seg2-0-payload", "seg2-1-payload", "seg2-2-payload", "seg2-3-payload");
    }

    @Test
    void aTornNewestSegmentIsReportedToWritersAndReaders() throws Exception {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 1);
        store.putRecord("s", "k", utf8("one"));
        store.putRecord("s", "k", utf8("two"));
        Path newest = dir.resolve("s").resolve(SHARD).resolve(SegmentFormat.fileName(1));
        byte[] b = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(b, b.length - 7));
        BrookStore fresh = BrookStore.open(dir.toString());
        assertThatThrownBy(() -> fresh.putRecord("s", "k", utf8("three")))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining(SegmentFormat.fileName(1));
        assertThatThrownBy(() -> fresh.getRecords("s", SHARD, StartingPosition.trimHorizon(), 10))
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining(SegmentFormat.fileName(1));
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
