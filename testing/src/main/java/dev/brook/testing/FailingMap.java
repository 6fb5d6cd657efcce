package dev.brook.testing;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Fault injection: an identity map that throws {@link InjectedFailure} once a subtask has seen
 * {@code afterRecords} records since it (re)started, until the job has failed {@code failures}
 * times in all. Put it anywhere in a job to check that the job recovers with the right output.
 *
 * <pre>{@code
 * FailingMap<String> faults = FailingMap.failAfter(1_000, 2);
 * env.fromSource(...).map(faults).sinkTo(...);
 * env.execute();
 * assertEquals(2, faults.failuresInjected());
 * }</pre>
 *
 * <p>The failure count is kept in this JVM (keyed by an id the function carries), which is where a
 * MiniCluster runs its tasks; on a remote cluster each task manager would count on its own. Use one
 * instance per job. The job needs a restart strategy that allows the failures, as {@link
 * BrookExtension#env()} sets.
 */
public final class FailingMap<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final long afterRecords;
    private final int failures;
    private transient long seen;
    private transient int subtask;
    private transient int attempt;

    private FailingMap(long afterRecords, int failures) {
        if (afterRecords < 1) {
            throw new IllegalArgumentException("afterRecords must be at least 1: " + afterRecords);
        }
        if (failures < 0) {
            throw new IllegalArgumentException("failures must not be negative: " + failures);
        }
        this.afterRecords = afterRecords;
        this.failures = failures;
        FAILURES.put(id, new AtomicInteger());
    }

    /**
     * Fails the job {@code failures} times, each once a subtask has mapped {@code afterRecords}.
     */
    public static <T> FailingMap<T> failAfter(long afterRecords, int failures) {
        return new FailingMap<>(afterRecords, failures);
    }

    @Override
    public void open(OpenContext openContext) {
        seen = 0;
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
    }

    @Override
    public T map(T value) {
        if (++seen == afterRecords) {
            AtomicInteger count = FAILURES.computeIfAbsent(id, k -> new AtomicInteger());
            int n = count.getAndUpdate(c -> c < failures ? c + 1 : c);
            if (n < failures) {
                throw new InjectedFailure(
                        "injected failure "
                                + (n + 1)
                                + " of "
                                + failures
                                + ", after "
                                + afterRecords
                                + " records in subtask "
                                + subtask
                                + " (attempt "
                                + attempt
                                + ")");
            }
        }
        return value;
    }

    /** How many failures this function has injected so far (in this JVM). */
    public int failuresInjected() {
        AtomicInteger count = FAILURES.get(id);
        return count == null ? 0 : count.get();
    }

    /** The exception a {@link FailingMap} throws, so logs and tests can tell it from real ones. */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InjectedFailure(String message) {
            super(message);
        }
    }
}
