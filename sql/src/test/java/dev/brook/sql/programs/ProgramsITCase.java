package dev.brook.sql.programs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.sql.runner.SqlRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics programs in {@code sql/programs}, run as {@code bin/brook sql} runs them: each
 * loads its data from {@code sql/programs/data} into a Brook stream under a fresh store, then
 * analyses the stream, and prints exactly the rows worked out by hand below (in any order: a
 * streaming job emits windows as watermarks pass them). Every program runs twice on the same store,
 * as a user runs it again: its stream is recreated, so the second run prints the same.
 */
class ProgramsITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final Path PROGRAMS = Path.of("programs").toAbsolutePath();

    @TempDir Path root;

    /**
     * Runs a program twice on the same store; returns the printed table of the second run (the
     * header line, then the row lines), after checking the first printed the same rows.
     */
    private List<String> run(String program) throws Exception {
        List<String> first = runOnce(program);
        List<String> second = runOnce(program);
        assertThat(second).containsExactlyInAnyOrderElementsOf(first);
        return second;
    }

    private List<String> runOnce(String program) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "1");
        SqlRunner runner =
                SqlRunner.builder()
                        .configuration(conf)
                        .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                        .progress(new PrintStream(new ByteArrayOutputStream(), true))
                        .build();
        runner.run(
                Files.readString(PROGRAMS.resolve(program)),
                Map.of("SCRIPT_DIR", PROGRAMS.toString(), "BROOK_ROOT", root.toUri().toString()));
        runner.awaitJobs();
        return out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith("|"))
                .map(l -> l.replaceAll(" +", " "))
                .toList();
    }

    @Test
    void pageCountsPerMinute() throws Exception {
        List<String> table = run("page_counts_per_minute.sql");
        assertThat(table.get(0)).isEqualTo("| window_start | window_end | page | clicks |");
        assertThat(table.subList(1, table.size()))
                .containsExactlyInAnyOrder(
                        "| 2024-05-01 10:00:00.000 | 2024-05-01 10:01:00.000 | /home | 3 |",
                        "| 2024-05-01 10:00:00.000 | 2024-05-01 10:01:00.000 | /cart | 1 |",
                        "| 2024-05-01 10:00:00.000 | 2024-05-01 10:01:00.000 | /shop | 1 |",
                        "| 2024-05-01 10:01:00.000 | 2024-05-01 10:02:00.000 | /shop | 3 |",
                        "| 2024-05-01 10:01:00.000 | 2024-05-01 10:02:00.000 | /cart | 2 |",
                        "| 2024-05-01 10:03:00.000 | 2024-05-01 10:04:00.000 | /home | 2 |",
                        "| 2024-05-01 10:03:00.000 | 2024-05-01 10:04:00.000 | /cart | 1 |");
    }

    @Test
    void topPagesPerWindow() throws Exception {
        List<String> table = run("top_pages_per_window.sql");
        assertThat(table.get(0))
                .isEqualTo("| window_start | window_end | page | clicks | rank_in_window |");
        assertThat(table.subList(1, table.size()))
                .containsExactlyInAnyOrder(
                        "| 2024-05-01 10:00:00.000 | 2024-05-01 10:01:00.000 | /home | 3 | 1 |",
                        "| 2024-05-01 10:00:00.000 | 2024-05-01 10:01:00.000 | /cart | 1 | 2 |",
                        "| 2024-05-01 10:01:00.000 | 2024-05-01 10:02:00.000 | /shop | 3 | 1 |",
                        "| 2024-05-01 10:01:00.000 | 2024-05-01 10:02:00.000 | /cart | 2 | 2 |",
                        "| 2024-05-01 10:03:00.000 | 2024-05-01 10:04:00.000 | /home | 2 | 1 |",
                        "| 2024-05-01 10:03:00.000 | 2024-05-01 10:04:00.000 | /cart | 1 | 2 |");
    }

    @Test
    void userSessions() throws Exception {
        List<String> table = run("user_sessions.sql");
        assertThat(table.get(0)).isEqualTo("| user_id | session_start | session_end | clicks |");
        assertThat(table.subList(1, table.size()))
                .containsExactlyInAnyOrder(
                        "| u1 | 2024-05-01 10:00:05.000 | 2024-05-01 10:00:50.000 | 2 |",
                        "| u1 | 2024-05-01 10:01:05.000 | 2024-05-01 10:01:40.000 | 2 |",
                        "| u1 | 2024-05-01 10:03:00.000 | 2024-05-01 10:03:30.000 | 1 |",
                        "| u2 | 2024-05-01 10:00:10.000 | 2024-05-01 10:00:40.000 | 1 |",
                        "| u2 | 2024-05-01 10:00:50.000 | 2024-05-01 10:01:20.000 | 1 |",
                        "| u2 | 2024-05-01 10:01:30.000 | 2024-05-01 10:02:00.000 | 1 |",
                        "| u2 | 2024-05-01 10:03:20.000 | 2024-05-01 10:03:55.000 | 2 |",
                        "| u3 | 2024-05-01 10:00:40.000 | 2024-05-01 10:01:10.000 | 1 |",
                        "| u3 | 2024-05-01 10:01:15.000 | 2024-05-01 10:01:45.000 | 1 |",
                        "| u3 | 2024-05-01 10:01:55.000 | 2024-05-01 10:02:25.000 | 1 |");
    }

    @Test
    void slidingAverages() throws Exception {
        List<String> table = run("sliding_averages.sql");
        assertThat(table.get(0)).isEqualTo("| sensor | ts | temp | avg_last_3 |");
        assertThat(table.subList(1, table.size()))
                .containsExactlyInAnyOrder(
                        "| s1 | 2024-05-01 10:00:00.000 | 20.0 | 20.0 |",
                        "| s1 | 2024-05-01 10:00:10.000 | 22.0 | 21.0 |",
                        "| s1 | 2024-05-01 10:00:20.000 | 27.0 | 23.0 |",
                        "| s1 | 2024-05-01 10:00:30.000 | 23.0 | 24.0 |",
                        "| s2 | 2024-05-01 10:00:05.000 | 10.0 | 10.0 |",
                        "| s2 | 2024-05-01 10:00:15.000 | 14.0 | 12.0 |",
                        "| s2 | 2024-05-01 10:00:35.000 | 12.0 | 12.0 |");
    }

    @Test
    void errorRateAlerts() throws Exception {
        List<String> table = run("error_rate_alerts.sql");
        assertThat(table.get(0))
                .isEqualTo("| window_start | window_end | service | lines | errors | error_rate |");
        assertThat(table.subList(1, table.size()))
                .containsExactlyInAnyOrder(
                        "| 2024-05-01 10:00:00.000 | 2024-05-01 10:01:00.000 | api | 4 | 2 | 0.5 |",
                        "| 2024-05-01 10:01:00.000 | 2024-05-01 10:02:00.000 | api | 4 | 3 | 0.75 |");
    }

    @Test
    void staggerWindowOrders() throws Exception {
        List<String> table = run("stagger_window_orders.sql");
        assertThat(table.get(0))
                .isEqualTo("| user_id | window_start | window_end | orders | total | largest |");
        // u1's first window is [10:00:05, 10:01:05): 10 + 5 + 7; its order at 10:01:06 opens the
        // next. u2's order at 10:01:15 is after its first window ended at 10:01:12.
        assertThat(table.subList(1, table.size()))
                .containsExactlyInAnyOrder(
                        "| u1 | 2024-05-01 10:00:05.000 | 2024-05-01 10:01:05.000 | 3 | 22 | 10 |",
                        "| u1 | 2024-05-01 10:01:06.000 | 2024-05-01 10:02:06.000 | 2 | 10 | 8 |",
                        "| u2 | 2024-05-01 10:00:12.000 | 2024-05-01 10:01:12.000 | 1 | 20 | 20 |",
                        "| u2 | 2024-05-01 10:01:15.000 | 2024-05-01 10:02:15.000 | 2 | 7 | 4 |",
                        "| u3 | 2024-05-01 10:01:30.000 | 2024-05-01 10:02:30.000 | 2 | 51 | 50 |");
    }
}
