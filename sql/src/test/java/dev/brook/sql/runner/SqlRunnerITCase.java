package dev.brook.sql.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SqlRunnerITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    private SqlRunner.Builder runner() {
        return SqlRunner.builder()
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .progress(new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void setConfiguresTheEnvironmentAndSelectPrintsATable() throws Exception {
        SqlRunner r = runner().build();
        r.run(
                "SET 'execution.runtime-mode' = 'batch';\n"
                        + "SET 'parallelism.default' = '1';\n"
                        + "SELECT id, name, CAST(NULL AS INT) AS nothing\n"
                        + "FROM (VALUES (1, 'one'), (20, 'twenty')) AS t(id, name);\n"
                        + "SET 'pipeline.name' = 'later';\n"
                        + "SET;\n",
                Map.of());
        r.awaitJobs();
        assertThat(out())
                .isEqualTo(
                        String.join(
                                "\n",
                                "+----+--------+---------+",
                                "| id | name   | nothing |",
                                "+----+--------+---------+",
                                "|  1 | one    | <NULL>  |",
                                "| 20 | twenty | <NULL>  |",
                                "+----+--------+---------+",
                                "2 rows in set",
                                "+------------------------+-------+",
                                "| key                    | value |",
                                "+------------------------+-------+",
                                "| execution.runtime-mode | batch |",
                                "| parallelism.default    | 1     |",
                                "| pipeline.name          | later |",
                                "+------------------------+-------+",
                                "3 rows in set",
                                ""));
        assertThat(
                        r.tableEnvironment()
                                .getConfig()
                                .get(org.apache.flink.configuration.ExecutionOptions.RUNTIME_MODE)
                                .name())
                .isEqualTo("BATCH");
    }

    @Test
    void aSelectStopsAtTheRowLimit() throws Exception {
        SqlRunner r = runner().maxRows(3).build();
        r.run(
                "CREATE TABLE gen (n BIGINT) WITH ('connector' = 'datagen',"
                        + " 'fields.n.kind' = 'sequence', 'fields.n.start' = '1',"
                        + " 'fields.n.end' = '1000000', 'rows-per-second' = '100');\n"
                        + "SET 'parallelism.default' = '1';\n"
                        + "SELECT n FROM gen;",
                Map.of());
        assertThat(out())
                .isEqualTo(
                        String.join(
                                "\n",
                                "+---+",
                                "| n |",
                                "+---+",
                                "| 1 |",
                                "| 2 |",
                                "| 3 |",
                                "+---+",
                                "3 rows (the row limit; the query was stopped after them)",
                                ""));
    }

    @Test
    void bothStatementSetFormsRunTheirInsertsAsOneJob() throws Exception {
        SqlRunner r = runner().build();
        String tables =
                "SET 'execution.runtime-mode' = 'batch';\n"
                        + "CREATE TABLE a (id INT) WITH ('connector' = 'filesystem', 'path' = '${DIR}/a', 'format' = 'csv');\n"
                        + "CREATE TABLE b (id INT) WITH ('connector' = 'filesystem', 'path' = '${DIR}/b', 'format' = 'csv');\n";
        List<SqlRunner.SubmittedJob> jobs =
                r.run(
                        tables
                                + "EXECUTE STATEMENT SET\nBEGIN\n"
                                + "  INSERT INTO a VALUES (1), (2);\n"
                                + "  INSERT INTO b VALUES (10);\n"
                                + "END;\n"
                                + "BEGIN STATEMENT SET;\n"
                                + "INSERT INTO a VALUES (3);\n"
                                + "INSERT INTO b VALUES (30);\n"
                                + "END;\n",
                        Map.of("DIR", dir.toUri().toString()));
        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0).statement().line()).isEqualTo(4);
        assertThat(jobs.get(1).statement().line()).isEqualTo(9);
        r.awaitJobs();
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("for statement 4 (line 4: EXECUTE STATEMENT SET BEGIN)")
                .contains("for statement 8 (line 9: BEGIN STATEMENT SET)");
        r.run("SELECT 'a' AS t, id FROM a UNION ALL SELECT 'b', id FROM b ORDER BY id;", Map.of());
        assertThat(out())
                .isEqualTo(
                        String.join(
                                "\n",
                                "+---+----+",
                                "| t | id |",
                                "+---+----+",
                                "| a |  1 |",
                                "| a |  2 |",
                                "| a |  3 |",
                                "| b | 10 |",
                                "| b | 30 |",
                                "+---+----+",
                                "5 rows in set",
                                ""));
    }

    @Test
    void errorsNameTheStatementItsLineAndTheCause() {
        SqlRunner r = runner().build();
        String script =
                "-- a script\n"
                        + "CREATE TABLE t (id INT) WITH ('connector' = 'datagen');\n"
                        + "\n"
                        + "SELECT id,\n"
                        + "       nope\n"
                        + "FROM t;\n";
        assertThatThrownBy(() -> r.run(script, Map.of()))
                .isInstanceOf(SqlScriptException.class)
                .hasMessageStartingWith("statement 2 (line 4: SELECT id,): ")
                .hasMessageContaining("Column 'nope' not found")
                .hasMessageEndingWith("[file line 5]")
                .matches(e -> ((SqlScriptException) e).line() == 4)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        assertThatThrownBy(() -> runner().build().run("SELECT 1;\nSELEC 2;", Map.of()))
                .hasMessageStartingWith("statement 2 (line 2: SELEC 2): SQL parse failed.");
        assertThatThrownBy(
                        () ->
                                runner().build()
                                        .run("BEGIN STATEMENT SET;\nSELECT 1;\nEND;", Map.of()))
                .hasMessage(
                        "statement 2 (line 2: SELECT 1): only INSERT INTO can be in a statement set"
                                + " (opened by statement 1 on line 1)");
        assertThatThrownBy(() -> runner().build().run("SELECT 1;\nEND;", Map.of()))
                .hasMessage("statement 2 (line 2: END): END without a statement set to close");
    }

    @Test
    void aJobRestoresFromASavepoint() throws Exception {
        // A sequence 1..60 at 20 rows per second, written to files exactly once. Stopped with a
        // savepoint part way, then restored from it: every number is in the files exactly once.
        String script =
                "SET 'parallelism.default' = '1';\n"
                        + "SET 'execution.checkpointing.interval' = '200 ms';\n"
                        + "CREATE TABLE gen (n BIGINT) WITH ('connector' = 'datagen',"
                        + " 'fields.n.kind' = 'sequence', 'fields.n.start' = '1',"
                        + " 'fields.n.end' = '60', 'rows-per-second' = '20');\n"
                        + "CREATE TABLE numbers (n BIGINT) WITH ('connector' = 'filesystem',"
                        + " 'path' = '${DIR}/numbers', 'format' = 'csv');\n"
                        + "INSERT INTO numbers SELECT n FROM gen;\n";
        Map<String, String> vars = Map.of("DIR", dir.toUri().toString());
        SqlRunner first = runner().build();
        SqlRunner.SubmittedJob job = first.run(script, vars).get(0);
        while (committed().size() < 10) {
            Thread.sleep(50);
        }
        String savepoint =
                job.client()
                        .stopWithSavepoint(
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        assertThat(job.client().getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
        List<Long> beforeRestore = committed();
        assertThat(beforeRestore).hasSizeLessThan(60);

        SqlRunner second = runner().restoreFrom(savepoint).build();
        second.run(script, vars);
        second.awaitJobs();
        List<Long> all = committed();
        all.sort(null);
        assertThat(all).isEqualTo(Stream.iterate(1L, n -> n + 1).limit(60).toList());
    }

    @Test
    void aMissingSavepointFailsTheInsertNamingIt() {
        SqlRunner r = runner().restoreFrom(dir.resolve("no-such-savepoint").toString()).build();
        assertThatThrownBy(
                        () -> {
                            r.run(
                                    "CREATE TABLE gen (n BIGINT) WITH ('connector' = 'datagen',"
                                            + " 'number-of-rows' = '5');\n"
                                            + "CREATE TABLE sink (n BIGINT) WITH ('connector' = 'blackhole');\n"
                                            + "INSERT INTO sink SELECT n FROM gen;",
                                    Map.of());
                            r.awaitJobs();
                        })
                .isInstanceOf(SqlScriptException.class)
                .hasMessageStartingWith(
                        "statement 3 (line 3: INSERT INTO sink SELECT n FROM gen): ")
                .hasMessageContaining("no-such-savepoint");
    }

    /** The numbers in the committed (visible) files of the sink. */
    private List<Long> committed() throws IOException {
        Path sink = dir.resolve("numbers");
        List<Long> numbers = new ArrayList<>();
        if (!Files.isDirectory(sink)) {
            return numbers;
        }
        try (Stream<Path> files = Files.walk(sink)) {
            for (Path f :
                    files.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        numbers.add(Long.parseLong(line.strip()));
                    }
                }
            }
        }
        return numbers;
    }
}
