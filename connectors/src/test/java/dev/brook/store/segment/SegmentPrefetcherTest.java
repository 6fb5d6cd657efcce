package dev.brook.store.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The hand-over between a prefetch thread and a reader: a segment is opened exactly once, by
 * whichever gets to it first, and a failure reaches the reader as if it had opened the segment.
 */
class SegmentPrefetcherTest {

    /** Blocks the prefetcher's only thread until released, so that queued work is not started. */
    private static CountDownLatch occupy(SegmentPrefetcher p) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        p.prefetch(
                () -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    /** Waits until the prefetcher's thread has gone through everything queued before now. */
    private static void drain(SegmentPrefetcher p) throws InterruptedException {
        CountDownLatch drained = new CountDownLatch(1);
        p.prefetch(
                () -> {
                    drained.countDown();
                    return null;
                });
        assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
    }

    /** An opener that counts its calls and remembers the thread of the last. */
    private static final class CountingOpener implements SegmentPrefetcher.Opener {
        final AtomicInteger opens = new AtomicInteger();
        final CountDownLatch opened = new CountDownLatch(1);
        volatile Thread openedBy;

        @Override
        public SegmentReader open() {
            opens.incrementAndGet();
            openedBy = Thread.currentThread();
            opened.countDown();
            return null;
        }
    }

    @Test
    void aSegmentNoThreadHasStartedOnIsOpenedByTheReaderAndOnlyOnce() throws Exception {
        SegmentPrefetcher p = new SegmentPrefetcher(1);
        CountDownLatch release = occupy(p);
        CountingOpener opener = new CountingOpener();
        SegmentPrefetcher.Prefetch f = p.prefetch(opener);
        assertThat(f.take()).isNull();
        assertThat(opener.openedBy).isSameAs(Thread.currentThread());
        release.countDown();
        // The queued task, when the thread gets to it, must not open the segment again.
        drain(p);
        assertThat(opener.opens).hasValue(1);
    }

    @Test
    void aSegmentOpenedAheadIsHandedOverAndNotOpenedAgain() throws Exception {
        SegmentPrefetcher p = new SegmentPrefetcher(1);
        CountingOpener opener = new CountingOpener();
        SegmentPrefetcher.Prefetch f = p.prefetch(opener);
        assertThat(opener.opened.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.take()).isNull();
        assertThat(opener.openedBy).isNotSameAs(Thread.currentThread());
        assertThat(opener.opens).hasValue(1);
    }

    @Test
    void failuresToOpenReachTheReaderAsTheyWere() throws Exception {
        SegmentPrefetcher p = new SegmentPrefetcher(1);
        SegmentPrefetcher.Prefetch io =
                p.prefetch(
                        () -> {
                            throw new IOException("disk gone");
                        });
        assertThatThrownBy(io::take).isInstanceOf(IOException.class).hasMessage("disk gone");
        SegmentPrefetcher.Prefetch corrupt =
                p.prefetch(
                        () -> {
                            throw new CorruptSegmentException("x.seg", "bad magic");
                        });
        assertThatThrownBy(corrupt::take)
                .isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining("bad magic");
    }

    @Test
    void aCancelledSegmentIsNeverOpened() throws Exception {
        SegmentPrefetcher p = new SegmentPrefetcher(1);
        CountDownLatch release = occupy(p);
        CountingOpener opener = new CountingOpener();
        SegmentPrefetcher.Prefetch f = p.prefetch(opener);
        f.cancel();
        assertThat(f.take()).isNull();
        release.countDown();
        drain(p);
        assertThat(opener.opens).hasValue(0);
    }

    @Test
    void withoutASpareCoreThereIsNoPrefetching() {
        assertThat(new SegmentPrefetcher(0).prefetch(() -> null)).isNull();
    }
}
