package dev.brook.store.segment;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the segments that readers will need next on a few shared daemon threads, while the readers
 * still read the ones before. Opening a local segment is most of the cost of reading small records
 * from it: mapping it, faulting its pages in and checking its records' checksum. Done here, it
 * leaves the reading thread only the records themselves, and keeps it out of the mapping call,
 * which waits for every other mapping change in the process.
 *
 * <p>A reader never waits for a thread that has not started on its segment yet: it opens the
 * segment itself then (see {@link Prefetch#take}), so a prefetcher that falls behind costs nothing
 * but what the reader would have done anyway.
 *
 * <p>One pool per class loader (in Flink: per job on a TaskManager), of at most {@link
 * #MAX_THREADS} threads and never more than the cores but one, so thousands of shards do not mean
 * thousands of threads. With a single core there is none, and readers open every segment
 * themselves.
 */
public final class SegmentPrefetcher {
    static final int MAX_THREADS = 2;

    private static final SegmentPrefetcher SHARED =
            new SegmentPrefetcher(
                    Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors() - 1));

    private final ThreadPoolExecutor pool;

    SegmentPrefetcher(int threads) {
        if (threads < 1) {
            this.pool = null;
            return;
        }
        AtomicInteger ids = new AtomicInteger();
        this.pool =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        30,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "brook-prefetch-" + ids.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        pool.allowCoreThreadTimeOut(true);
    }

    public static SegmentPrefetcher shared() {
        return SHARED;
    }

    /** Opens a segment's reader ready to read, or returns null if there is none to open. */
    @FunctionalInterface
    public interface Opener {
        SegmentReader open() throws IOException;
    }

    /** Starts opening a segment ahead of its reader; null if this prefetcher has no threads. */
    public Prefetch prefetch(Opener opener) {
        if (pool == null) {
            return null;
        }
        Prefetch p = new Prefetch(opener);
        pool.execute(p.task);
        return p;
    }

    /** A segment being opened ahead. */
    public static final class Prefetch {
        private final FutureTask<SegmentReader> task;

        private Prefetch(Opener opener) {
            this.task = new FutureTask<>(opener::open);
        }

        /**
         * The reader: opened on this thread now if no prefetch thread has started on it, else
         * waited for (the thread is part-way through, so waiting is shorter than starting over).
         * Null if there was nothing to open; a failure to open is thrown here, as if opened here.
         */
        public SegmentReader take() throws IOException {
            task.run(); // does nothing if a prefetch thread has started or finished it
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while a segment was being opened");
            } catch (CancellationException e) {
                return null;
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                throw (Error) c;
            }
        }

        /**
         * Drops the segment: not opened if no thread has started on it. A mapped segment's reader
         * holds no file handle, so one that was opened needs no closing.
         */
        public void cancel() {
            task.cancel(false);
        }
    }
}
