package dev.brook.cli;

import dev.brook.sql.runner.SqlRunner;
import dev.brook.sql.runner.SqlScriptException;
import dev.brook.store.BrookStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "sql",
        header = "Runs a Flink SQL script on an embedded MiniCluster.",
        description = {
            "Runs the script's statements in order: SET/RESET, CREATE/DROP/ALTER, INSERT INTO,"
                    + " statement sets (EXECUTE STATEMENT SET BEGIN ... END; or BEGIN STATEMENT SET;"
                    + " ... END;), EXECUTE, SELECT (printed as a table, at most --max-rows rows),"
                    + " SHOW/DESCRIBE/EXPLAIN (printed). Then waits for the jobs its INSERTs"
                    + " submitted: bounded ones finish, unbounded ones run until Ctrl-C, which"
                    + " cancels them.",
            "In the script, $${BROOK_ROOT} is the store's root URI (--root), $${SCRIPT_DIR} the"
                    + " script's directory, and --var NAME=VALUE defines more.",
            "The same script runs on a Flink cluster with"
                    + " 'flink run jobs/target/brook-jobs-*.jar --sql FILE'."
        })
final class SqlCommand extends BrookCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The SQL script.")
    Path file;

    @Option(
            names = "--from-savepoint",
            paramLabel = "PATH",
            description =
                    "Restore the script's jobs from this savepoint or retained checkpoint"
                            + " (execution.state-recovery.path).")
    String savepoint;

    @Option(
            names = "--detach",
            description =
                    "Do not wait for the submitted jobs. The embedded MiniCluster lives only as"
                            + " long as this process, so its jobs stop when the command returns.")
    boolean detach;

    @Option(
            names = "--max-rows",
            defaultValue = "1000",
            paramLabel = "N",
            description =
                    "The most rows a SELECT prints; the query is stopped after them"
                            + " (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(
            names = "--var",
            paramLabel = "NAME=VALUE",
            description = "A variable for the script: $${NAME} is replaced by VALUE.")
    Map<String, String> vars = new HashMap<>();

    @Override
    protected int run(BrookStore store) throws Exception {
        if (maxRows < 1) {
            throw usage("--max-rows must be at least 1");
        }
        String script;
        try {
            script = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw usage("no such file: " + file);
        }
        Map<String, String> variables = new HashMap<>(vars);
        variables.putIfAbsent("BROOK_ROOT", store.root().toString());
        Path dir = file.toAbsolutePath().normalize().getParent();
        variables.putIfAbsent("SCRIPT_DIR", dir == null ? "" : dir.toString());

        SqlRunner runner =
                SqlRunner.builder()
                        .restoreFrom(savepoint)
                        .maxRows(maxRows)
                        .out(out())
                        .progress(err())
                        .build();
        Thread cancelOnExit =
                new Thread(
                        () -> {
                            err().println("sql: interrupted; cancelling the script's jobs");
                            runner.cancelJobs(10);
                        },
                        "brook-sql-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        try {
            List<SqlRunner.SubmittedJob> jobs;
            try {
                jobs = runner.run(script, variables);
            } catch (SqlScriptException e) {
                runner.cancelJobs(10); // jobs of earlier statements: the script did not finish
                return failed(e);
            }
            if (jobs.isEmpty()) {
                return BrookCli.EXIT_OK;
            }
            if (detach) {
                progress(
                        "--detach: not waiting for "
                                + jobs.size()
                                + " job(s); they stop when this process exits");
                return BrookCli.EXIT_OK;
            }
            progress(
                    "waiting for "
                            + jobs.size()
                            + " job(s) on the embedded MiniCluster (Ctrl-C cancels them)");
            try {
                runner.awaitJobs();
            } catch (SqlScriptException e) {
                runner.cancelJobs(10);
                return failed(e);
            }
            progress("all jobs finished");
            return BrookCli.EXIT_OK;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it cancels the jobs
            }
        }
    }

    private int failed(SqlScriptException e) {
        err().println("brook: " + file + ": " + e.getMessage());
        if (cli.debug()) {
            e.printStackTrace(err());
        }
        return BrookCli.EXIT_UNEXPECTED;
    }
}
