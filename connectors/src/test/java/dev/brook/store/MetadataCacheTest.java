package dev.brook.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store's cached metadata only moves forward: writers route with it, and routing with a layout
 * older than one already seen could put a key's record into a parent after its child.
 */
class MetadataCacheTest {
    @TempDir Path dir;

    @Test
    void theCachedLayoutNeverGoesBackWhileOtherThreadsReadOlderVersions() throws Exception {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 1);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread th =
                    new Thread(
                            () -> {
                                while (!stop.get()) {
                                    store.metadata("s"); // reads storage, refreshes the cache
                                }
                            });
            th.start();
            readers.add(th);
        }
        try {
            for (int i = 0; i < 200; i++) {
                StreamMetadata published = store.setRetention("s", Duration.ofHours(25 + i));
                // Watch for a while: a reader that read the previous version may store it late.
                long until = System.nanoTime() + 2_000_000;
                while (System.nanoTime() < until) {
                    assertThat(store.cachedMetadata("s").version())
                            .as("cache after publishing version %d", published.version())
                            .isGreaterThanOrEqualTo(published.version());
                }
            }
        } finally {
            stop.set(true);
            for (Thread th : readers) {
                th.join();
            }
        }
    }

    @Test
    void aStreamDeletedAndCreatedAgainElsewhereIsNotShadowedByTheOldCache() throws Exception {
        BrookStore a = BrookStore.open(dir.toString());
        BrookStore b = BrookStore.open(dir.toString());
        a.createStream("s", 1);
        for (int i = 0; i < 3; i++) {
            a.setRetention("s", Duration.ofHours(30 + i));
        }
        assertThat(a.cachedMetadata("s").version()).isEqualTo(4);
        b.deleteStream("s");
        Thread.sleep(5); // the creation time tells a stream's incarnations apart
        b.createStream("s", 2);
        assertThat(a.metadata("s").version()).isEqualTo(1);
        assertThat(a.cachedMetadata("s").shards()).hasSize(2);
    }
}
