package dev.brook.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording a consumer's positions replaces its registration atomically: retention, reading it at
 * any moment, must never find it missing (it would then delete what the consumer still needs).
 */
class ConsumerRegistryAtomicityTest {
    @TempDir Path dir;

    @Test
    void aRegistrationBeingUpdatedIsNeverMissing() throws Exception {
        BrookStore store = BrookStore.open(dir.toString());
        store.createStream("s", 1);
        ConsumerRegistry consumers = store.consumers();
        consumers.register("s", "job");
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger missing = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        Thread reader =
                new Thread(
                        () -> {
                            while (!done.get()) {
                                if (consumers.get("s", "job") == null) {
                                    missing.incrementAndGet();
                                }
                                reads.incrementAndGet();
                            }
                        });
        reader.start();
        for (long i = 0; i < 2000; i++) {
            consumers.recordPositions("s", "job", Map.of("shardId-000000000000", i));
        }
        done.set(true);
        reader.join();
        assertThat(reads.get()).isPositive();
        assertThat(missing.get()).as("reads that found no registration").isZero();
        assertThat(consumers.get("s", "job").position("shardId-000000000000")).isEqualTo(1999);
    }
}
