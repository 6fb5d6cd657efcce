package dev.brook.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Progress of work that may take long (deleting, compacting a big stream): a line on stderr every
 * few seconds while it runs, and nothing at all when it is quick.
 */
final class Progress {
    static final long FIRST_REPORT_SECONDS = 3;
    static final long REPORT_EVERY_SECONDS = 10;

    private Progress() {}

    static void during(PrintWriter err, String what, Runnable work) {
        during(
                err,
                what,
                () -> {
                    work.run();
                    return null;
                });
    }

    static <T> T during(PrintWriter err, String what, Supplier<T> work) {
        long start = System.nanoTime();
        ScheduledExecutorService timer =
                every(
                        "brook-progress",
                        FIRST_REPORT_SECONDS,
                        REPORT_EVERY_SECONDS,
                        () -> {
                            long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                            synchronized (err) {
                                err.println(what + ": still working (" + s + " s)");
                                err.flush();
                            }
                        });
        try {
            return work.get();
        } finally {
            timer.shutdownNow();
        }
    }

    /**
     * Runs {@code report} on a daemon thread after {@code firstSeconds}, then every {@code
     * everySeconds}, until the returned timer is shut down.
     */
    static ScheduledExecutorService every(
            String threadName, long firstSeconds, long everySeconds, Runnable report) {
        ScheduledExecutorService timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, threadName);
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleAtFixedRate(report, firstSeconds, everySeconds, TimeUnit.SECONDS);
        return timer;
    }
}
