package dev.brook.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A separate writer process for {@link MultiProcessAppendTest}: {@code AppendMain <root> <stream>
 * <count> <id> <syncDir>} opens the store (where the test created {@code <stream>} and {@code
 * <stream>-warmup}), creates {@code <syncDir>/ready-<id>}, waits for {@code <syncDir>/go} (so that
 * all processes write at the same time), puts {@code count} records with payloads {@code <id>-<i>}
 * in small batches and exits 0. Any failure exits non-zero with the stack trace on stderr.
 */
public final class AppendMain {
    private AppendMain() {}

    public static void main(String[] args) {
        String root = args[0];
        String stream = args[1];
        int count = Integer.parseInt(args[2]);
        String id = args[3];
        Path sync = Path.of(args[4]);
        try {
            BrookStore store = BrookStore.open(root);
            // Warm up the write path (class loading, JIT) on another stream before the start line,
            // so that the processes really write at the same time.
            for (int w = 0; w < 20; w++) {
                store.putRecord(stream + "-warmup", id, new byte[10]);
            }
            Files.createFile(sync.resolve("ready-" + id));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(sync.resolve("go"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no go signal within 60 s");
                }
                Thread.sleep(2);
            }
            int i = 0;
            while (i < count) {
                List<PutRecordsEntry> batch = new ArrayList<>();
                for (int j = 0; j < 1 + (i % 17) && i < count; j++, i++) {
                    batch.add(
                            new PutRecordsEntry(
                                    "k" + (i % 97),
                                    (id + "-" + i).getBytes(StandardCharsets.UTF_8)));
                }
                PutRecordsResult r = store.putRecords(stream, batch);
                if (r.failedRecordCount() != 0) {
                    throw new IllegalStateException("failed puts: " + r);
                }
                Thread.sleep(0, 500_000); // let the others in: interleave, don't take turns
            }
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
