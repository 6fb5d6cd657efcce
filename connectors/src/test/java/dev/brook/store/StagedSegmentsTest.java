package dev.brook.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.store.segment.SegmentBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedSegmentsTest {
    @TempDir Path dir;

    private static SegmentBuilder records(int from, int n) {
        SegmentBuilder b = new SegmentBuilder();
        for (int i = from; i < from + n; i++) {
            byte[] key = ("key-" + i).getBytes(UTF_8);
            byte[] data = ("value-" + i).getBytes(UTF_8);
            b.append(key, 0, key.length, null, data, 0, data.length, 0);
        }
        return b;
    }

    private static List<String> readAll(BrookStore store, String stream) throws Exception {
        List<String> out = new ArrayList<>();
        for (ShardMetadata s : store.metadata(stream).shards()) {
            try (ShardReader r =
                    store.openShardReader(stream, s.shardId(), StartingPosition.trimHorizon())) {
                GetRecordsResult res;
                do {
                    res = r.read(1000);
                    res.records().forEach(rec -> out.add(new String(rec.data(), UTF_8)));
                } while (!res.records().isEmpty());
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void committingTwiceOrAfterACrashBetweenLinkAndUnlinkPublishesOnce() throws Exception {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 1);
        StagedSegments staged = store.staged();
        StagedSegments.Staged a =
                staged.stage("s", "shardId-000000000000", records(0, 10), UUID.randomUUID(), 1);
        StagedSegments.Staged b =
                staged.stage("s", "shardId-000000000000", records(10, 5), UUID.randomUUID(), 1);
        assertThat(staged.commit(a)).isTrue();
        assertThat(staged.commit(a)).isFalse();

        // A crash after the hard link but before the staged name was removed.
        File stagedFile = new File(new org.apache.flink.core.fs.Path(b.path()).toUri().getPath());
        Files.createLink(
                dir.resolve("s/shardId-000000000000/" + String.format("%020d.seg", 10)),
                stagedFile.toPath());
        assertThat(staged.commit(b)).isFalse();
        assertThat(stagedFile).doesNotExist();

        assertThat(readAll(store, "s")).hasSize(15).doesNotHaveDuplicates();
        assertThat(
                        store.getRecords(
                                        "s",
                                        "shardId-000000000000",
                                        StartingPosition.trimHorizon(),
                                        100)
                                .records())
                .extracting(Record::offset)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.range(0, 15).boxed().toList());
    }

    @Test
    void stagedDataOfASealedShardIsReroutedToItsChildrenExactlyOnce() throws Exception {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 1);
        StagedSegments staged = store.staged();
        StagedSegments.Staged a =
                staged.stage("s", "shardId-000000000000", records(0, 200), UUID.randomUUID(), 7);
        store.splitShard("s", "shardId-000000000000", HashKey.MAX_VALUE.shiftRight(1).toString());
        assertThat(staged.commit(a)).isTrue();
        assertThat(staged.commit(a)).isFalse();
        List<String> all = readAll(store, "s");
        assertThat(all).hasSize(200).doesNotHaveDuplicates();
        // Every record is in the child whose range holds its key, none in the sealed parent.
        StreamMetadata m = store.metadata("s");
        ShardRouter router = new ShardRouter(m);
        for (ShardMetadata s : m.shards()) {
            for (Record r :
                    store.getRecords("s", s.shardId(), StartingPosition.trimHorizon(), 1000)
                            .records()) {
                assertThat(s.isOpen()).isTrue();
                assertThat(router.route(r.partitionKey()).shardId()).isEqualTo(s.shardId());
            }
        }
    }
}
