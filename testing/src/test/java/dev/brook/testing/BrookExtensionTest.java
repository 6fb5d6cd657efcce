package dev.brook.testing;

import static dev.brook.testing.BrookAssertions.assertPerKeyOrder;
import static dev.brook.testing.BrookAssertions.assertSameMultiset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.Record;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/** The extension's store helpers, without a MiniCluster. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrookExtensionTest {
    @RegisterExtension static final BrookExtension brook = BrookExtension.withoutMiniCluster();

    private static Path previousDirectory;

    @Test
    @Order(1)
    void eachTestHasItsOwnStore() {
        brook.createStream("s", 1);
        brook.put("s", "k", "v");
        assertThat(brook.store().listStreams()).containsExactly("s");
        previousDirectory = brook.directory();
        assertThat(previousDirectory).isDirectory();
    }

    @Test
    @Order(2)
    void theLastTestsStoreIsGone() {
        assertThat(previousDirectory).isNotNull().doesNotExist();
        assertThat(brook.store().listStreams()).isEmpty();
        assertThat(brook.directory()).isNotEqualTo(previousDirectory);
    }

    @Test
    void rootOpensTheSameStore() {
        brook.createStream("s", 2);
        brook.put("s", "k", "hello");
        try (BrookStore other = BrookStore.open(brook.root())) {
            assertThat(other.listStreams()).containsExactly("s");
        }
        assertThat(brook.root()).startsWith("file:");
    }

    @Test
    void theStoreCanBeAParameter(BrookStore store, BrookExtension self) {
        assertThat(store).isSameAs(brook.store());
        assertThat(self).isSameAs(brook);
    }

    @Test
    void readAllFollowsLineageInKeyOrder() {
        RecordGenerator gen = RecordGenerator.withSeed(3).keys(50).payloadLength(0, 30);
        brook.createStream("s", 2);
        List<TestRecord> written = new ArrayList<>(gen.next(1200));
        brook.putAll("s", written);
        brook.store().updateShardCount("s", 3);
        List<TestRecord> more = gen.next(1300);
        brook.putAll("s", more);
        written.addAll(more);

        List<TestRecord> read = brook.readAll("s");
        assertSameMultiset(written, read);
        assertPerKeyOrder(read);

        List<Record> records = brook.readRecords("s");
        assertThat(records).hasSize(2500);
        assertThat(records).extracting(Record::shardId).contains("shardId-000000000004");
    }

    @Test
    void readAllWaitsForRecordsStillComing() throws Exception {
        brook.createStream("s", 4);
        List<TestRecord> records = RecordGenerator.withSeed(9).next(300);
        Thread writer =
                new Thread(
                        () -> {
                            for (TestRecord r : records) {
                                brook.put("s", r.key(), r.value());
                            }
                        });
        writer.start();
        List<TestRecord> read = brook.readAll("s", 300, Duration.ofSeconds(30));
        writer.join();
        assertSameMultiset(records, read);
    }

    @Test
    void readAllSaysHowManyItFoundWhenTooFewCome() {
        brook.createStream("s", 1);
        brook.put("s", "k", "one");
        brook.put("s", "k", "two");
        assertThatThrownBy(() -> brook.readAll("s", 5, Duration.ofMillis(300)))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageMatching(
                        "timed out after \\d+ ms waiting for at least 5 records in stream s:"
                                + " found 2, the last Record\\{shardId-000000000000@1, key=k, 3"
                                + " bytes\\}");
    }

    @Test
    void putAllNamesTheRejectedRecord() {
        brook.createStream("s", 1);
        List<TestRecord> records =
                List.of(TestRecord.of("a", "1"), TestRecord.of("b", "2"), TestRecord.of("", "3"));
        assertThatThrownBy(() -> brook.putAll("s", records))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("record 2 (key ) was rejected by stream s: ")
                .hasMessageContaining("partition key");
        // The good records around the bad one were written, as PutRecords does.
        assertThat(TestRecord.values(brook.readAll("s"))).containsExactly("1", "2");
    }

    @Test
    void putEntriesTakesBinaryDataAndHashKeys() {
        brook.createStream("s", 2);
        String secondShard =
                brook.store().metadata("s").shards().get(1).hashKeyRange().start().toString();
        brook.putEntries(
                "s",
                List.of(
                        new PutRecordsEntry("k", new byte[] {0, 1, 2}, secondShard),
                        new PutRecordsEntry("k", "x".getBytes(StandardCharsets.UTF_8))));
        List<Record> read = brook.readRecords("s");
        assertThat(read).hasSize(2);
        assertThat(read)
                .filteredOn(r -> r.dataLength() == 3)
                .singleElement()
                .satisfies(r -> assertThat(r.shardId()).isEqualTo("shardId-000000000001"));
    }

    @Test
    void theStoreExistsOnlyDuringATest() {
        BrookExtension idle = BrookExtension.withoutMiniCluster();
        assertThatThrownBy(idle::store)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only while a test runs");
        assertThatThrownBy(idle::root).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNonStaticExtensionWithAMiniClusterIsAClearError() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NonStaticRegistration.class))
                .configurationParameter(ONLY_IN_ENGINE_TEST_KIT, "true")
                .execute()
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("test"),
                                finishedWithFailure(
                                        instanceOf(ExtensionConfigurationException.class),
                                        message(
                                                m ->
                                                        m.contains(
                                                                "register it in a static field")))));
    }

    @Test
    void aTemporaryDirectoryIsMadePerTest() throws Exception {
        assertThat(Files.list(brook.directory())).isEmpty();
        assertThat(brook.directory().getFileName().toString()).startsWith("brook-test-");
    }

    private static final String ONLY_IN_ENGINE_TEST_KIT = "brook.engine-test-kit";

    /** Lets a deliberately misconfigured class run only inside the engine test kit above. */
    static final class OnlyInEngineTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ONLY_IN_ENGINE_TEST_KIT).isPresent()
                    ? ConditionEvaluationResult.enabled("run by the engine test kit")
                    : ConditionEvaluationResult.disabled("runs only inside the engine test kit");
        }
    }

    /** Registers the extension wrongly; run only through the engine test kit. */
    @ExtendWith(OnlyInEngineTestKit.class)
    static class NonStaticRegistration {
        @RegisterExtension BrookExtension brook = BrookExtension.withMiniCluster();

        @Test
        void test() {}
    }
}
