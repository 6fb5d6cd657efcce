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
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "brook-progress");
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleAtFixedRate(
                () -> {
                    long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                    synchronized (err) {
                        err.println(what + ": still working (" + s + " s)");
                        err.flush();
                    }
                },
                FIRST_REPORT_SECONDS,
                REPORT_EVERY_SECONDS,
                TimeUnit.SECONDS);
        try {
            return work.get();
        } finally {
            timer.shutdownNow();
        }
    }
}
