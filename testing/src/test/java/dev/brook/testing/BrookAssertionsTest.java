package dev.brook.testing;

import static dev.brook.testing.BrookAssertions.assertAtLeastOnce;
import static dev.brook.testing.BrookAssertions.assertPerKeyOrder;
import static dev.brook.testing.BrookAssertions.assertPerKeyOrderIgnoringReplays;
import static dev.brook.testing.BrookAssertions.assertSameMultiset;
import static dev.brook.testing.BrookAssertions.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class BrookAssertionsTest {

    private static TestRecord r(String key, long seq) {
        return TestRecord.of(key, key + "#" + seq);
    }

    @Test
    void sameMultisetIgnoresOrderButCountsDuplicates() {
        assertSameMultiset(List.of("a", "b", "b", "c"), List.of("b", "c", "a", "b"));
        assertSameMultiset(List.of(), List.of());

        assertThatThrownBy(() -> assertSameMultiset(List.of("a", "b", "b"), List.of("b", "a")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected 3, got 2")
                .hasMessageContaining("missing 1 (element x times): [b]");
        assertThatThrownBy(() -> assertSameMultiset(List.of("a"), List.of("a", "a", "a", "z")))
                .hasMessageContaining("unexpected or duplicated 3 (element x times): [a x2, z]")
                .hasMessageNotContaining("missing");
    }

    @Test
    void longDifferencesAreCut() {
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertThatThrownBy(() -> assertSameMultiset(expected, List.of()))
                .hasMessageContaining("missing 100")
                .hasMessageContaining("... 90 more]");
    }

    @Test
    void atLeastOnceAllowsDuplicatesOnly() {
        assertAtLeastOnce(List.of("a", "b"), List.of("a", "b", "a", "b", "b"));
        assertThatThrownBy(() -> assertAtLeastOnce(List.of("a", "b"), List.of("a", "a")))
                .hasMessageContaining("missing 1 (element x times): [b]");
        assertThatThrownBy(() -> assertAtLeastOnce(List.of("a"), List.of("a", "q")))
                .hasMessageContaining("unexpected 1 (element x times): [q]");
        // Two equal expected records need two deliveries at least.
        assertThatThrownBy(() -> assertAtLeastOnce(List.of("a", "a"), List.of("a")))
                .hasMessageContaining("missing 1");
    }

    @Test
    void perKeyOrderAcrossInterleavedKeys() {
        assertPerKeyOrder(List.of(r("a", 1), r("b", 1), r("a", 2), r("b", 5), r("a", 3)));
        assertThatThrownBy(
                        () ->
                                assertPerKeyOrder(
                                        List.of(r("a", 1), r("b", 1), r("a", 3), r("a", 2))))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("found 1 out of order")
                .hasMessageContaining("key a: 2 after 3 (element 3: a=a#2)");
        assertThatThrownBy(() -> assertPerKeyOrder(List.of(r("a", 1), r("a", 1))))
                .hasMessageContaining("key a: 1 after 1");
    }

    @Test
    void perKeyOrderOfAnyType() {
        List<String> lines = List.of("x:1", "y:1", "x:2");
        assertPerKeyOrder(lines, s -> s.split(":")[0], s -> Long.parseLong(s.split(":")[1]));
        assertThatThrownBy(
                        () ->
                                assertPerKeyOrder(
                                        List.of("x:2", "x:1"),
                                        s -> s.split(":")[0],
                                        s -> Long.parseLong(s.split(":")[1])))
                .hasMessageContaining("key x: 1 after 2");
    }

    @Test
    void replaysAreIgnoredButNotDisorder() {
        // A restart replays 2 and 3 of key a: fine for at-least-once.
        assertPerKeyOrderIgnoringReplays(
                List.of(r("a", 1), r("a", 2), r("a", 3), r("a", 2), r("a", 3), r("a", 4)));
        assertThatThrownBy(
                        () ->
                                assertPerKeyOrderIgnoringReplays(
                                        List.of(r("a", 1), r("a", 3), r("a", 2))))
                .hasMessageContaining("key a: 2 after 3");
    }

    @Test
    void waitUntilReturnsOnceTheConditionHolds() {
        AtomicInteger calls = new AtomicInteger();
        waitUntil(() -> calls.incrementAndGet() == 5, Duration.ofSeconds(10));
        assertThat(calls).hasValue(5);
    }

    @Test
    void waitUntilTimesOutNamingWhatItWaitedFor() {
        long start = System.nanoTime();
        assertThatThrownBy(
                        () ->
                                waitUntil(
                                        "the moon to turn blue",
                                        () -> false,
                                        Duration.ofMillis(200),
                                        () -> "it is grey"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageMatching(
                        "timed out after \\d+ ms waiting for the moon to turn blue: it is grey");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> waitUntil(() -> false, Duration.ZERO))
                .hasMessageContaining("waiting for the condition");
    }
}
