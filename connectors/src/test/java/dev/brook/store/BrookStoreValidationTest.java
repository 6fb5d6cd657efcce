package dev.brook.store;

import static dev.brook.store.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.configuration.Configuration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input gets a BrookException naming the problem and, where there is one, the limit. */
class BrookStoreValidationTest {
    @TempDir Path dir;
    BrookStore store;

    @BeforeEach
    void open() {
        store = BrookStore.open(dir.toString());
        store.createStream("s", 2);
    }

    private static void assertFails(ThrowingCallable call, String code, String... fragments) {
        assertThatThrownBy(call)
                .isInstanceOf(BrookException.class)
                .satisfies(e -> assertThat(((BrookException) e).errorCode()).isEqualTo(code))
                .satisfies(
                        e -> {
                            for (String f : fragments) {
                                assertThat(e.getMessage()).contains(f);
                            }
                        });
    }

    @Test
    void unknownStream() {
        String nf = "ResourceNotFoundException";
        String msg = "stream nope not found";
        assertFails(() -> store.putRecord("nope", "k", utf8("x")), nf, msg);
        assertFails(
                () -> store.putRecords("nope", List.of(new PutRecordsEntry("k", utf8("x")))),
                nf,
                msg);
        assertFails(
                () ->
                        store.getRecords(
                                "nope", "shardId-000000000000", StartingPosition.trimHorizon(), 1),
                nf,
                msg);
        assertFails(
                () -> store.openShardReaderAt("nope", "shardId-000000000000", 0, 1024), nf, msg);
        assertFails(() -> store.describeStream("nope"), nf, msg);
        assertFails(() -> store.deleteStream("nope"), nf, msg);
        assertFails(() -> store.splitShard("nope", "shardId-000000000000", "5"), nf, msg);
        assertFails(
                () -> store.mergeShards("nope", "shardId-000000000000", "shardId-000000000001"),
                nf,
                msg);
        assertFails(() -> store.updateShardCount("nope", 2), nf, msg);
        assertFails(() -> store.setRetention("nope", Duration.ofHours(30)), nf, msg);
        assertFails(() -> store.increaseRetention("nope", Duration.ofHours(30)), nf, msg);
        assertFails(() -> store.enforceRetention("nope"), nf, msg);
        assertFails(() -> store.compact("nope"), nf, msg);
        assertFails(() -> store.consumers().register("nope", "c"), nf, msg);
        assertThat(store.listStreams()).containsExactly("s");
    }

    @Test
    void unknownOrMalformedShard() {
        assertFails(
                () ->
                        store.getRecords(
                                "s", "shardId-000000000007", StartingPosition.trimHorizon(), 1),
                "ResourceNotFoundException",
                "shard shardId-000000000007 not found in stream s");
        assertFails(
                () -> store.getRecords("s", "shard-7", StartingPosition.trimHorizon(), 1),
                "ResourceNotFoundException",
                "shard shard-7 not found in stream s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "a b", ".", "..", "x\u00e9", "a:b", "_meta", "_x"})
    void illegalStreamNames(String name) {
        assertFails(
                () -> store.createStream(name, 1), "InvalidArgumentException", "'" + name + "'");
        assertFails(
                () -> store.putRecord(name, "k", utf8("x")),
                "InvalidArgumentException",
                "'" + name + "'");
        assertFails(() -> store.describeStream(name), "InvalidArgumentException", "'" + name + "'");
        assertThat(store.listStreams()).containsExactly("s");
    }

    @Test
    void streamNameLengths() {
        assertFails(
                () -> store.createStream("", 1),
                "InvalidArgumentException",
                "must not be empty",
                "128");
        assertFails(
                () -> store.createStream(null, 1), "InvalidArgumentException", "must not be empty");
        assertFails(
                () -> store.createStream("a".repeat(129), 1),
                "InvalidArgumentException",
                "129 characters",
                "limit is 128");
        assertThatCode(() -> store.createStream("a".repeat(128), 1)).doesNotThrowAnyException();
        assertThatCode(() -> store.createStream("A-z_0.9", 1)).doesNotThrowAnyException();
        assertThatCode(() -> store.createStream("...", 1)).doesNotThrowAnyException();
        assertThat(store.listStreams()).contains("a".repeat(128), "A-z_0.9", "...");
    }

    @Test
    void partitionKeyLengths() {
        assertFails(
                () -> store.putRecord("s", "", utf8("x")),
                "InvalidArgumentException",
                "partition key must not be empty",
                "1 to 256");
        assertFails(
                () -> store.putRecord("s", null, utf8("x")),
                "InvalidArgumentException",
                "partition key");
        assertFails(
                () -> store.putRecord("s", "k".repeat(257), utf8("x")),
                "InvalidArgumentException",
                "257 characters",
                "limit is 256");
        assertThatCode(() -> store.putRecord("s", "k".repeat(256), utf8("x")))
                .doesNotThrowAnyException();
        // Characters, not bytes or UTF-16 units: 256 emoji (1024 bytes, 512 chars) are fine.
        String emoji = new String(Character.toChars(0x1F600));
        assertThatCode(() -> store.putRecord("s", emoji.repeat(256), utf8("x")))
                .doesNotThrowAnyException();
        assertFails(
                () -> store.putRecord("s", emoji.repeat(257), utf8("x")),
                "InvalidArgumentException",
                "257 characters");
    }

    @Test
    void recordSizeLimits() {
        assertThatCode(() -> store.putRecord("s", "k", new byte[1 << 20]))
                .doesNotThrowAnyException();
        assertThatCode(() -> store.putRecord("s", "k", new byte[0])).doesNotThrowAnyException();
        assertFails(
                () -> store.putRecord("s", "k", new byte[(1 << 20) + 1]),
                "InvalidArgumentException",
                "1048577 bytes",
                "at most 1048576 bytes");

        StreamSettings big =
                StreamSettings.defaults(new Configuration()).withMaxRecordBytes(10 << 20);
        store.createStream("big", 1, big);
        assertThatCode(() -> store.putRecord("big", "k", new byte[10 << 20]))
                .doesNotThrowAnyException();
        assertFails(
                () -> store.putRecord("big", "k", new byte[(10 << 20) + 1]),
                "InvalidArgumentException",
                "10485761 bytes",
                "at most 10485760 bytes");
        assertThat(TestSupport.readShard(store, "big", "shardId-000000000000").get(0).data())
                .hasSize(10 << 20);

        assertFails(
                () -> store.createStream("bigger", 1, big.withMaxRecordBytes((10 << 20) + 1)),
                "InvalidArgumentException",
                "10485761",
                "10485760 (10 MiB)");
        assertFails(
                () -> store.createStream("none", 1, big.withMaxRecordBytes(0)),
                "InvalidArgumentException",
                "max record size 0");
        assertThat(store.listStreams()).containsExactly("big", "s");

        // The store-wide default applies to new streams.
        Configuration c = new Configuration();
        c.set(
                BrookStoreOptions.DEFAULT_MAX_RECORD_SIZE,
                org.apache.flink.configuration.MemorySize.parse("2kb"));
        BrookStore small = BrookStore.open(dir.toString(), c);
        small.createStream("small", 1);
        assertFails(
                () -> small.putRecord("small", "k", new byte[2049]),
                "InvalidArgumentException",
                "at most 2048 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "340282366920938463463374607431768211456", "abc", "1e5", ""})
    void invalidExplicitHashKeys(String bad) {
        assertFails(
                () -> store.putRecord("s", "k", utf8("x"), bad),
                "InvalidArgumentException",
                "invalid hash key '" + bad + "'",
                "340282366920938463463374607431768211455");
    }

    @Test
    void batchSizes() {
        List<PutRecordsEntry> five01 =
                Collections.nCopies(501, new PutRecordsEntry("k", utf8("x")));
        assertFails(
                () -> store.putRecords("s", five01),
                "InvalidArgumentException",
                "1 to 500 records, got 501");
        assertFails(
                () -> store.putRecords("s", List.of()),
                "InvalidArgumentException",
                "1 to 500 records, got 0");
        PutRecordsResult r = store.putRecords("s", five01.subList(0, 500));
        assertThat(r.failedRecordCount()).isZero();
        assertThat(r.records()).hasSize(500);
    }

    @Test
    void getRecordsLimits() {
        for (int bad : new int[] {0, -1, 10_001}) {
            assertFails(
                    () ->
                            store.getRecords(
                                    "s",
                                    "shardId-000000000000",
                                    StartingPosition.trimHorizon(),
                                    bad),
                    "InvalidArgumentException",
                    "limit " + bad + " is out of range: 1 to 10000");
        }
        assertThat(
                        store.getRecords(
                                        "s",
                                        "shardId-000000000000",
                                        StartingPosition.trimHorizon(),
                                        10_000)
                                .records())
                .isEmpty();
    }

    @Test
    void shardCounts() {
        for (int bad : new int[] {0, -1, 10_001}) {
            assertFails(
                    () -> store.createStream("x", bad),
                    "InvalidArgumentException",
                    "shard count " + bad,
                    "1 to 10000");
        }
        assertThat(store.listStreams()).containsExactly("s");
    }

    @Test
    void retentionPeriods() {
        assertFails(
                () -> store.setRetention("s", Duration.ZERO),
                "InvalidArgumentException",
                "must be positive");
        assertFails(
                () -> store.setRetention("s", Duration.ofHours(-1)),
                "InvalidArgumentException",
                "must be positive");
        assertFails(
                () ->
                        store.createStream(
                                "x",
                                1,
                                StreamSettings.defaults(new Configuration())
                                        .withRetention(Duration.ZERO)),
                "InvalidArgumentException",
                "retention period must be positive");
        assertFails(
                () -> store.decreaseRetention("s", Duration.ofHours(48)),
                "InvalidArgumentException",
                "48 hours is longer than the current 24 hours");
        assertFails(
                () -> store.increaseRetention("s", Duration.ofHours(12)),
                "InvalidArgumentException",
                "12 hours is shorter than the current 24 hours");
        assertThat(store.increaseRetention("s", Duration.ofHours(48)).retentionMillis())
                .isEqualTo(Duration.ofHours(48).toMillis());
        assertThat(store.decreaseRetention("s", Duration.ofHours(30)).retentionMillis())
                .isEqualTo(Duration.ofHours(30).toMillis());
        assertThat(store.metadata("s").retentionMillis())
                .isEqualTo(Duration.ofHours(30).toMillis());
    }

    @Test
    void consumerNames() {
        for (String bad : new String[] {"", ".hidden", "a/b", "x".repeat(129)}) {
            assertFails(
                    () -> store.consumers().register("s", bad),
                    "InvalidArgumentException",
                    "illegal consumer name");
        }
        assertFails(
                () -> store.consumers().recordPositions("s", "ghost", Map.of()),
                "ResourceNotFoundException",
                "consumer ghost is not registered with stream s");
    }

    @Test
    void duplicateStream() {
        assertFails(
                () -> store.createStream("s", 3),
                "ResourceInUseException",
                "stream s already exists");
        assertFails(
                () -> BrookStore.open(dir.toString()).createStream("s", 1),
                "ResourceInUseException",
                "already exists");
        assertThat(store.describeStream("s").shards()).hasSize(2); // the original is untouched
    }

    @Test
    void concurrentCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
        int threads = 8;
        for (int round = 0; round < 20; round++) {
            String name = "race-" + round;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int shards = t + 1;
                Callable<Integer> c =
                        () -> {
                            BrookStore own = BrookStore.open(dir.toString());
                            go.await();
                            try {
                                own.createStream(name, shards);
                                own.putRecord(name, "k", utf8("from " + shards));
                                return shards;
                            } catch (BrookException e) {
                                assertThat(e.errorCode()).isEqualTo("ResourceInUseException");
                                return 0;
                            }
                        };
                results.add(pool.submit(c));
            }
            go.countDown();
            List<Integer> winners = new ArrayList<>();
            for (Future<Integer> f : results) {
                int w = f.get();
                if (w > 0) {
                    winners.add(w);
                }
            }
            pool.shutdown();
            assertThat(winners).as("round %d", round).hasSize(1);
            StreamMetadata m = store.metadata(name);
            assertThat(m.shards()).as("round %d", round).hasSize(winners.get(0));
            long records =
                    m.shards().stream()
                            .mapToLong(s -> TestSupport.readShard(store, name, s.shardId()).size())
                            .sum();
            assertThat(records).as("round %d: the winner's record survives", round).isEqualTo(1);
        }
    }

    @Test
    void reshardArgumentErrors() {
        assertFails(
                () -> store.updateShardCount("s", 0),
                "InvalidArgumentException",
                "target shard count 0 is out of range: 1 to 10000");
        assertFails(
                () -> store.updateShardCount("s", 5),
                "InvalidArgumentException",
                "target shard count 5 must be between half and double the current 2");
        assertFails(
                () -> store.splitShard("s", "shardId-000000000000", "abc"),
                "InvalidArgumentException",
                "invalid hash key 'abc'");
        assertFails(
                () -> store.splitShard("s", "shardId-000000000009", "5"),
                "ResourceNotFoundException",
                "shard shardId-000000000009 not found");
    }
}
