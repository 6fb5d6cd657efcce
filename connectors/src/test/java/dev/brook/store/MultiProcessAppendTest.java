package dev.brook.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.store.TestSupport.Rec;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers in separate JVMs append to one shard at once: dense offsets, nothing lost or doubled. */
class MultiProcessAppendTest {
    static final int PROCESSES = 3;
    static final int RECORDS = 1000;

    @TempDir Path dir;

    @Test
    void threeProcessesAppendToOneShard() throws Exception {
        String root = dir.resolve("root").toString();
        BrookStore.open(root).createStream("s", 1);
        BrookStore.open(root).createStream("s-warmup", 1);
        String java =
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<Process> processes = new ArrayList<>();
        List<Path> errs = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            Path err = dir.resolve("p" + p + ".err");
            errs.add(err);
            processes.add(
                    new ProcessBuilder(
                                    java,
                                    "-Xmx256m",
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    AppendMain.class.getName(),
                                    root,
                                    "s",
                                    Integer.toString(RECORDS),
                                    "p" + p,
                                    dir.toString())
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(err.toFile())
                            .start());
        }
        try {
            // Start line: every process has opened the store before any writes.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int p = 0; p < PROCESSES; p++) {
                while (!Files.exists(dir.resolve("ready-p" + p))) {
                    if (!processes.get(p).isAlive() || System.nanoTime() > deadline) {
                        processes.get(p).waitFor(5, TimeUnit.SECONDS);
                        throw new AssertionError(
                                "process p"
                                        + p
                                        + " did not get ready; stderr:\n"
                                        + Files.readString(errs.get(p), StandardCharsets.UTF_8));
                    }
                    Thread.sleep(5);
                }
            }
            Files.createFile(dir.resolve("go"));
            for (int p = 0; p < PROCESSES; p++) {
                Process proc = processes.get(p);
                boolean done = proc.waitFor(90, TimeUnit.SECONDS);
                String stderr = Files.readString(errs.get(p), StandardCharsets.UTF_8);
                assertThat(done)
                        .as("process p%d finished in time; stderr:%n%s", p, stderr)
                        .isTrue();
                assertThat(proc.exitValue())
                        .as("process p%d exit code; stderr:%n%s", p, stderr)
                        .isZero();
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }

        List<Rec> read = TestSupport.readShard(BrookStore.open(root), "s", "shardId-000000000000");
        Set<String> expected = new HashSet<>();
        for (int p = 0; p < PROCESSES; p++) {
            for (int i = 0; i < RECORDS; i++) {
                expected.add("p" + p + "-" + i);
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).offset()).as("dense offsets").isEqualTo(i);
            assertThat(seen.add(read.get(i).text()))
                    .as("duplicate %s", read.get(i).text())
                    .isTrue();
        }
        assertThat(read).hasSize(PROCESSES * RECORDS);
        assertThat(seen).isEqualTo(expected);
        // Each process's records keep its order (one writer, one shard).
        for (int p = 0; p < PROCESSES; p++) {
            String prefix = "p" + p + "-";
            List<Integer> order =
                    read.stream()
                            .map(Rec::text)
                            .filter(t -> t.startsWith(prefix))
                            .map(t -> Integer.parseInt(t.substring(prefix.length())))
                            .toList();
            assertThat(order).as("order of process p%d", p).isSorted();
        }
    }
}
