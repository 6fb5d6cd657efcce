package dev.brook.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions for what streaming jobs produce: the same records regardless of order, at least once,
 * each key's records in order; and waiting for a condition with a clear message when it never
 * holds. Failures are JUnit's {@link AssertionFailedError}s naming the first few culprits.
 */
public final class BrookAssertions {
    /** How many offending elements a failure message lists. */
    private static final int SHOWN = 10;

    private BrookAssertions() {}

    // ---------------------------------------------------------------- multisets

    /**
     * Asserts that {@code actual} holds exactly the elements of {@code expected}, each as many
     * times, in any order: what exactly-once delivery promises.
     */
    public static <T> void assertSameMultiset(
            Collection<? extends T> expected, Collection<? extends T> actual) {
        Map<T, Integer> diff = counts(expected);
        for (T t : actual) {
            diff.merge(t, -1, Integer::sum);
        }
        Map<T, Integer> missing = new LinkedHashMap<>();
        Map<T, Integer> extra = new LinkedHashMap<>();
        diff.forEach(
                (t, c) -> {
                    if (c > 0) {
                        missing.put(t, c);
                    } else if (c < 0) {
                        extra.put(t, -c);
                    }
                });
        if (missing.isEmpty() && extra.isEmpty()) {
            return;
        }
        StringBuilder sb =
                new StringBuilder("expected the same elements in any order: expected ")
                        .append(expected.size())
                        .append(", got ")
                        .append(actual.size());
        if (!missing.isEmpty()) {
            sb.append("\n  missing ")
                    .append(sum(missing))
                    .append(" (element x times): ")
                    .append(show(missing));
        }
        if (!extra.isEmpty()) {
            sb.append("\n  unexpected or duplicated ")
                    .append(sum(extra))
                    .append(" (element x times): ")
                    .append(show(extra));
        }
        throw new AssertionFailedError(sb.toString());
    }

    /**
     * Asserts at-least-once delivery: every element of {@code expected} is in {@code actual} (as
     * many times at least), and {@code actual} holds nothing that is not in {@code expected}.
     */
    public static <T> void assertAtLeastOnce(
            Collection<? extends T> expected, Collection<? extends T> actual) {
        Map<T, Integer> need = counts(expected);
        Map<T, Integer> got = counts(actual);
        Map<T, Integer> missing = new LinkedHashMap<>();
        need.forEach(
                (t, c) -> {
                    int have = got.getOrDefault(t, 0);
                    if (have < c) {
                        missing.put(t, c - have);
                    }
                });
        Map<T, Integer> unexpected = new LinkedHashMap<>();
        got.forEach(
                (t, c) -> {
                    if (!need.containsKey(t)) {
                        unexpected.put(t, c);
                    }
                });
        if (missing.isEmpty() && unexpected.isEmpty()) {
            return;
        }
        StringBuilder sb =
                new StringBuilder("expected every element at least once: expected ")
                        .append(expected.size())
                        .append(", got ")
                        .append(actual.size());
        if (!missing.isEmpty()) {
            sb.append("\n  missing ")
                    .append(sum(missing))
                    .append(" (element x times): ")
                    .append(show(missing));
        }
        if (!unexpected.isEmpty()) {
            sb.append("\n  unexpected ")
                    .append(sum(unexpected))
                    .append(" (element x times): ")
                    .append(show(unexpected));
        }
        throw new AssertionFailedError(sb.toString());
    }

    // ---------------------------------------------------------------- per-key order

    /**
     * Asserts that each key's records made by a {@link RecordGenerator} appear with strictly
     * increasing sequence numbers (exactly-once, order-preserving delivery).
     */
    public static void assertPerKeyOrder(List<TestRecord> records) {
        assertPerKeyOrder(records, TestRecord::key, TestRecord::sequence);
    }

    /**
     * Asserts that for each key, the sequence numbers of {@code records} (in list order) strictly
     * increase.
     */
    public static <T> void assertPerKeyOrder(
            List<T> records, Function<? super T, String> key, ToLongFunction<? super T> sequence) {
        Map<String, Long> last = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < records.size(); i++) {
            T r = records.get(i);
            String k = key.apply(r);
            long s = sequence.applyAsLong(r);
            Long prev = last.put(k, s);
            if (prev != null && s <= prev) {
                bad++;
                if (problems.size() < SHOWN) {
                    problems.add(
                            "key "
                                    + k
                                    + ": "
                                    + s
                                    + " after "
                                    + prev
                                    + " (element "
                                    + i
                                    + ": "
                                    + r
                                    + ")");
                }
            }
        }
        if (bad > 0) {
            throw new AssertionFailedError(
                    "expected each key's records in order, found "
                            + bad
                            + " out of order:\n  "
                            + String.join("\n  ", problems));
        }
    }

    /**
     * Asserts per-key order as at-least-once delivery keeps it: repeats of records already seen (a
     * replay after a restart) are ignored, and the first sighting of each record must come in order
     * for its key.
     */
    public static void assertPerKeyOrderIgnoringReplays(List<TestRecord> records) {
        assertPerKeyOrderIgnoringReplays(records, TestRecord::key, TestRecord::sequence);
    }

    /** As {@link #assertPerKeyOrderIgnoringReplays(List)}, for any element type. */
    public static <T> void assertPerKeyOrderIgnoringReplays(
            List<T> records, Function<? super T, String> key, ToLongFunction<? super T> sequence) {
        Set<String> seen = new HashSet<>();
        List<T> firsts = new ArrayList<>();
        for (T r : records) {
            if (seen.add(key.apply(r) + "\u0000" + sequence.applyAsLong(r))) {
                firsts.add(r);
            }
        }
        assertPerKeyOrder(firsts, key, sequence);
    }

    // ---------------------------------------------------------------- waiting

    /** Waits until {@code condition} holds, polling; fails after {@code timeout}. */
    public static void waitUntil(BooleanSupplier condition, Duration timeout) {
        waitUntil("the condition", condition, timeout);
    }

    /**
     * Waits until {@code condition} holds, polling with a growing pause (5 to 100 ms); after {@code
     * timeout} fails with "timed out after ... waiting for {@code what}".
     */
    public static void waitUntil(String what, BooleanSupplier condition, Duration timeout) {
        waitUntil(what, condition, timeout, () -> null);
    }

    /**
     * As {@link #waitUntil(String, BooleanSupplier, Duration)}; on time-out the message also has
     * {@code state.get()}, e.g. what was seen so far.
     */
    public static void waitUntil(
            String what, BooleanSupplier condition, Duration timeout, Supplier<String> state) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long pause = 5;
        while (!condition.getAsBoolean()) {
            long now = System.nanoTime();
            if (now >= deadline) {
                String detail = state.get();
                throw new AssertionFailedError(
                        "timed out after "
                                + Duration.ofNanos(now - start).toMillis()
                                + " ms waiting for "
                                + what
                                + (detail == null ? "" : ": " + detail));
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - now) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionFailedError("interrupted while waiting for " + what, e);
            }
            pause = Math.min(pause * 2, 100);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static <T> Map<T, Integer> counts(Collection<? extends T> items) {
        Map<T, Integer> m = new LinkedHashMap<>();
        for (T t : items) {
            m.merge(t, 1, Integer::sum);
        }
        return m;
    }

    private static int sum(Map<?, Integer> m) {
        int s = 0;
        for (int c : m.values()) {
            s += c;
        }
        return s;
    }

    private static String show(Map<?, Integer> m) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<?, Integer> e : m.entrySet()) {
            if (parts.size() == SHOWN) {
                parts.add("... " + (m.size() - SHOWN) + " more");
                break;
            }
            parts.add(e.getValue() == 1 ? "" + e.getKey() : e.getKey() + " x" + e.getValue());
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
