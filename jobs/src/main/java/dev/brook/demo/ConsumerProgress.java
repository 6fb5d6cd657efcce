package dev.brook.demo;

import dev.brook.store.BrookStore;
import dev.brook.store.ConsumerRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * How far a job has read a stream: a Brook source with a consumer name records, at every completed
 * checkpoint, the next offset it reads per shard in the stream's consumer registry.
 */
final class ConsumerProgress {
    private ConsumerProgress() {}

    /**
     * Waits until {@code consumer} has read at least {@code records} records of each shard (1: it
     * reads the shard), at most {@code timeout} and while {@code failed} is false; returns whether
     * it has. A checkpoint completed after the records were read, so what the job made of them is
     * committed with it.
     */
    static boolean await(
            BrookStore store,
            String stream,
            String consumer,
            Map<String, Long> records,
            Duration timeout,
            BooleanSupplier failed)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConsumerRegistry consumers = store.consumers();
        while (System.nanoTime() < deadline && !failed.getAsBoolean()) {
            ConsumerRegistry.Registration r = consumers.get(stream, consumer);
            if (r != null
                    && records.entrySet().stream()
                            .allMatch(e -> r.position(e.getKey()) >= e.getValue())) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
