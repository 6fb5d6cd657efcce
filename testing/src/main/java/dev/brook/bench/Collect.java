package dev.brook.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/** The untimed garbage collection between two benchmark runs. */
final class Collect {
    private static final String REFERENCE_HANDLER = "Reference Handler";
    private static final long POLL_MILLIS = 20;
    private static final long MAX_WAIT_MILLIS = 10_000;

    private Collect() {}

    /**
     * Collects garbage, then waits until the JVM's reference handler has released what the
     * collection freed: it unmaps the files that readers mapped (which takes the process's mapping
     * lock and interrupts every core to flush its TLB), and frees direct buffers. Without the wait,
     * that work lands on whichever run comes next, on either side; with it, neither side pays for
     * the other's clean-up.
     */
    static void garbageAndReferences() {
        System.gc();
        long t0 = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long id = referenceHandlerId(threads);
        if (id < 0 || !threads.isThreadCpuTimeSupported()) {
            return;
        }
        long last = -1;
        while ((System.nanoTime() - t0) / 1_000_000 < MAX_WAIT_MILLIS) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu == last) {
                break; // idle for a whole poll: done
            }
            last = cpu;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private static long referenceHandlerId(ThreadMXBean threads) {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && REFERENCE_HANDLER.equals(info.getThreadName())) {
                return info.getThreadId();
            }
        }
        return -1;
    }
}
