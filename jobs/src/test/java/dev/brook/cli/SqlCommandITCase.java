package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brook sql FILE}: the script runs on an embedded MiniCluster, as bin/brook runs it. */
class SqlCommandITCase {
    @TempDir Path dir;

    @Test
    void runsAScriptWaitsForItsJobAndPrintsItsQuery() throws Exception {
        Path script = dir.resolve("job.sql");
        Files.writeString(
                script,
                "-- counts per page, written to files, then read back\n"
                        + "SET 'execution.runtime-mode' = 'batch';\n"
                        + "SET 'parallelism.default' = '1';\n"
                        + "CREATE TABLE counts (page STRING, n BIGINT) WITH (\n"
                        + "  'connector' = 'filesystem', 'path' = '${SCRIPT_DIR}/counts', 'format' = 'csv');\n"
                        + "SET 'table.dml-sync' = 'true';\n"
                        + "INSERT INTO counts\n"
                        + "SELECT page, COUNT(*) FROM (VALUES ('/a'), ('/b'), ('/a')) AS v(page)\n"
                        + "GROUP BY page;\n"
                        + "SELECT page, n, '${BROOK_ROOT}' <> '' AS has_root FROM counts ORDER BY page;\n");
        Cli.Result r = new Cli(dir.resolve("store")).run("sql", script.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        String.join(
                                "\n",
                                "+------+---+----------+",
                                "| page | n | has_root |",
                                "+------+---+----------+",
                                "| /a   | 2 | true     |",
                                "| /b   | 1 | true     |",
                                "+------+---+----------+",
                                "2 rows in set",
                                ""));
        assertThat(r.err())
                .contains("for statement 5 (line 7: INSERT INTO counts)")
                .contains("waiting for 1 job(s)")
                .contains("all jobs finished");
    }

    @Test
    void aFailingStatementIsOneLineNamingItsLine() throws Exception {
        Path script = dir.resolve("bad.sql");
        Files.writeString(script, "SET 'parallelism.default' = '1';\n\nSELECT * FROM nowhere;\n");
        Cli.Result r = new Cli(dir.resolve("store")).run("sql", script.toString());
        assertThat(r.code()).isEqualTo(BrookCli.EXIT_UNEXPECTED);
        assertThat(r.err().strip())
                .startsWith("brook: " + script + ": statement 2 (line 3: SELECT * FROM nowhere): ")
                .contains("Object 'nowhere' not found")
                .doesNotContain("\n");
        assertThat(new Cli(dir).run("sql", dir.resolve("none.sql").toString()).err())
                .startsWith("brook: no such file: ");
    }
}
