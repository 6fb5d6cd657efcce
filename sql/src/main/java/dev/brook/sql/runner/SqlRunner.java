package dev.brook.sql.runner;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs Flink SQL scripts (see {@link SqlScriptParser}) on a {@link TableEnvironment}, statement by
 * statement, the way Flink's SQL client does:
 *
 * <ul>
 *   <li>{@code SET 'key' = 'value'}, {@code SET} (prints what was set), {@code RESET 'key'}, {@code
 *       RESET}. SETs before the first other statement configure the environment itself (so {@code
 *       execution.runtime-mode} and {@code execution.state-recovery.path} can be set there); later
 *       ones change the session's table configuration.
 *   <li>{@code CREATE}, {@code DROP}, {@code ALTER}, {@code USE}, {@code LOAD}/{@code UNLOAD
 *       MODULE}: executed.
 *   <li>{@code INSERT INTO} and {@code EXECUTE ...}: the job is submitted and the runner goes on
 *       (unless {@code table.dml-sync} is true); {@link #awaitJobs()} waits for every submitted
 *       job.
 *   <li>Statement sets, {@code EXECUTE STATEMENT SET BEGIN ... END;} and {@code BEGIN STATEMENT
 *       SET; ... END;}: their INSERTs run as one job.
 *   <li>{@code SELECT}, {@code WITH}, {@code VALUES}: printed as a table, at most {@code maxRows}
 *       rows (the query is cancelled after them, so an unbounded query ends too).
 *   <li>{@code SHOW}, {@code DESCRIBE}, {@code EXPLAIN}: printed.
 * </ul>
 *
 * <p>A failing statement throws a {@link SqlScriptException} naming it (number, first line, line in
 * the file) and the cause in one line.
 */
public final class SqlRunner {
    /** The class whose {@code registerAll(TableEnvironment)} registers Brook's SQL functions. */
    static final String BROOK_FUNCTIONS = "dev.brook.sql.functions.BrookFunctions";

    /** Where a job is restored from, as in Flink's own configuration. */
    public static final String STATE_RECOVERY_PATH = "execution.state-recovery.path";

    public static final int DEFAULT_MAX_ROWS = 1000;

    private static final Pattern SET =
            Pattern.compile(
                    "SET\\s+('(?:[^']|'')*'|[^\\s=']+)\\s*=\\s*('(?:[^']|'')*'|.*?)\\s*",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RESET =
            Pattern.compile(
                    "RESET(?:\\s+('(?:[^']|'')*'|[^\\s']+))?\\s*",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern LINE_COLUMN =
            Pattern.compile("line (\\d+), column (\\d+)", Pattern.CASE_INSENSITIVE);

    /** A job a statement submitted. */
    public record SubmittedJob(SqlStatement statement, JobClient client) {}

    private final Configuration initial;
    private final Function<Configuration, TableEnvironment> environments;
    private final PrintWriter out;
    private final PrintWriter progress;
    private final int maxRows;
    private final boolean registerFunctions;

    /** What the runner was given and the script SET (what {@code SET;} prints). */
    private final Map<String, String> settings;

    private TableEnvironment tableEnv;
    private final List<SubmittedJob> jobs = new ArrayList<>();
    private StatementSet statementSet;
    private SqlStatement statementSetOpener;
    private final List<SqlStatement> statementSetMembers = new ArrayList<>();

    private SqlRunner(Builder b) {
        this.initial = new Configuration(b.configuration);
        this.settings = new TreeMap<>(b.configuration.toMap());
        this.environments = b.environments;
        this.out = b.out;
        this.progress = b.progress;
        this.maxRows = b.maxRows;
        this.registerFunctions = b.registerFunctions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a runner. */
    public static final class Builder {
        private Configuration configuration = new Configuration();
        private Function<Configuration, TableEnvironment> environments =
                SqlRunner::defaultEnvironment;
        private PrintWriter out = writer(System.out);
        private PrintWriter progress = writer(System.err);
        private int maxRows = DEFAULT_MAX_ROWS;
        private boolean registerFunctions = true;

        /** The environment's starting configuration (SETs at the script's top add to it). */
        public Builder configuration(Configuration configuration) {
            this.configuration = new Configuration(configuration);
            return this;
        }

        /** Restore the script's jobs from this checkpoint or savepoint. */
        public Builder restoreFrom(String path) {
            if (path != null) {
                configuration.setString(STATE_RECOVERY_PATH, path);
            }
            return this;
        }

        /**
         * Creates the table environment from the configuration; default: {@code
         * TableEnvironment.create}, which runs on the context's environment (a MiniCluster locally,
         * the cluster under {@code flink run}).
         */
        public Builder environments(Function<Configuration, TableEnvironment> environments) {
            this.environments = environments;
            return this;
        }

        /** Where query results and SHOW/DESCRIBE/EXPLAIN output go (default: stdout). */
        public Builder out(PrintStream out) {
            return out(writer(out));
        }

        /** Where query results and SHOW/DESCRIBE/EXPLAIN output go. */
        public Builder out(PrintWriter out) {
            this.out = out;
            return this;
        }

        /** Where progress lines go (default: stderr). */
        public Builder progress(PrintStream progress) {
            return progress(writer(progress));
        }

        /** Where progress lines go. */
        public Builder progress(PrintWriter progress) {
            this.progress = progress;
            return this;
        }

        /** The most rows a SELECT prints; the query is cancelled after them. */
        public Builder maxRows(int maxRows) {
            if (maxRows < 1) {
                throw new IllegalArgumentException("maxRows must be at least 1, was " + maxRows);
            }
            this.maxRows = maxRows;
            return this;
        }

        /** Whether to register Brook's SQL functions when they are on the class path. */
        public Builder registerFunctions(boolean registerFunctions) {
            this.registerFunctions = registerFunctions;
            return this;
        }

        public SqlRunner build() {
            return new SqlRunner(this);
        }
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** {@code TableEnvironment.create} with the configuration, in its runtime mode. */
    public static TableEnvironment defaultEnvironment(Configuration configuration) {
        return TableEnvironment.create(
                EnvironmentSettings.newInstance().withConfiguration(configuration).build());
    }

    /**
     * Runs every statement of {@code script} (after substituting {@code variables}, see {@link
     * ScriptVariables}); returns the jobs it submitted, which may still run.
     */
    public List<SubmittedJob> run(String script, Map<String, String> variables) {
        List<SqlStatement> statements =
                SqlScriptParser.parse(ScriptVariables.substitute(script, variables));
        int before = jobs.size();
        for (SqlStatement s : statements) {
            execute(s);
        }
        if (statementSet != null) {
            throw new SqlScriptException(
                    statementSetOpener, "the statement set is never closed with END;", null);
        }
        return List.copyOf(jobs.subList(before, jobs.size()));
    }

    /** Every job submitted so far. */
    public List<SubmittedJob> jobs() {
        return List.copyOf(jobs);
    }

    /** The table environment (created on first use). */
    public TableEnvironment tableEnvironment() {
        if (tableEnv == null) {
            tableEnv = environments.apply(initial);
            if (registerFunctions) {
                registerBrookFunctions(tableEnv);
            }
        }
        return tableEnv;
    }

    /** Runs one statement. */
    public void execute(SqlStatement s) {
        String text = s.text();
        String head = head(text);
        try {
            if (statementSet != null) {
                if (head.equals("END")) {
                    executeStatementSet(s);
                } else if (head.startsWith("INSERT ")) {
                    statementSet.addInsertSql(text);
                    statementSetMembers.add(s);
                } else {
                    throw new SqlScriptException(
                            s,
                            "only INSERT INTO can be in a statement set (opened by statement "
                                    + statementSetOpener.number()
                                    + " on line "
                                    + statementSetOpener.line()
                                    + ")",
                            null);
                }
                return;
            }
            if (head.equals("SET") || head.startsWith("SET ")) {
                set(s);
            } else if (head.equals("RESET") || head.startsWith("RESET ")) {
                reset(s);
            } else if (head.equals("BEGIN STATEMENT SET")
                    || head.equals(SqlScriptParser.EXECUTE_STATEMENT_SET_BEGIN)) {
                statementSet = tableEnvironment().createStatementSet();
                statementSetOpener = s;
                statementSetMembers.clear();
            } else if (head.equals("END")) {
                throw new SqlScriptException(s, "END without a statement set to close", null);
            } else if (head.startsWith("SELECT ")
                    || head.startsWith("WITH ")
                    || head.startsWith("VALUES")
                    || head.startsWith("(")) {
                printQuery(s, tableEnvironment().executeSql(text), true);
            } else if (head.startsWith("SHOW ")
                    || head.startsWith("DESCRIBE ")
                    || head.startsWith("DESC ")
                    || head.startsWith("EXPLAIN ")) {
                printQuery(s, tableEnvironment().executeSql(text), false);
            } else {
                TableResult result = tableEnvironment().executeSql(text);
                track(s, result);
            }
        } catch (SqlScriptException e) {
            throw e;
        } catch (Exception e) {
            throw new SqlScriptException(s, cause(s, e), e);
        }
    }

    private void executeStatementSet(SqlStatement end) {
        SqlStatement opener = statementSetOpener;
        List<SqlStatement> members = List.copyOf(statementSetMembers);
        StatementSet set = statementSet;
        statementSet = null;
        statementSetOpener = null;
        statementSetMembers.clear();
        if (members.isEmpty()) {
            progress.println("statement set of " + opener.describe() + " is empty: nothing to run");
            return;
        }
        try {
            track(opener, set.execute());
        } catch (Exception e) {
            throw new SqlScriptException(opener, cause(opener, e), e);
        }
    }

    private void track(SqlStatement s, TableResult result) {
        Optional<JobClient> client = result.getJobClient();
        if (client.isPresent()) {
            jobs.add(new SubmittedJob(s, client.get()));
            progress.println("Submitted job " + client.get().getJobID() + " for " + s.describe());
        }
    }

    private void set(SqlStatement s) {
        String text = s.text().strip();
        if (head(text).equals("SET")) {
            List<Row> rows = new ArrayList<>();
            settings.forEach((k, v) -> rows.add(Row.of(k, v)));
            TablePrinter.print(out, List.of("key", "value"), rows, zone(), footer(rows.size()));
            return;
        }
        Matcher m = SET.matcher(text);
        if (!m.matches()) {
            throw new SqlScriptException(s, "expected SET 'key' = 'value'", null);
        }
        String key = unquote(m.group(1));
        String value = unquote(m.group(2));
        settings.put(key, value);
        if (tableEnv == null) {
            initial.setString(key, value);
            return;
        }
        if (key.equals(ExecutionOptions.RUNTIME_MODE.key())
                && !value.equalsIgnoreCase(
                        tableEnv.getConfig().get(ExecutionOptions.RUNTIME_MODE).name())) {
            throw new SqlScriptException(
                    s,
                    "execution.runtime-mode can only be set before the script's first statement"
                            + " other than SET",
                    null);
        }
        tableEnv.getConfig().getConfiguration().setString(key, value);
    }

    private void reset(SqlStatement s) {
        Matcher m = RESET.matcher(s.text().strip());
        if (!m.matches()) {
            throw new SqlScriptException(s, "expected RESET or RESET 'key'", null);
        }
        Configuration target = tableEnv == null ? initial : tableEnv.getConfig().getConfiguration();
        if (m.group(1) == null) {
            for (String key : target.keySet()) {
                target.removeKey(key);
            }
            settings.clear();
        } else {
            String key = unquote(m.group(1));
            target.removeKey(key);
            settings.remove(key);
        }
    }

    private void printQuery(SqlStatement s, TableResult result, boolean limited) throws Exception {
        List<String> columns = result.getResolvedSchema().getColumnNames();
        List<Row> rows = new ArrayList<>();
        boolean stopped = false;
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                rows.add(it.next());
                if (limited && rows.size() >= maxRows) {
                    stopped = true;
                    break;
                }
            }
        }
        String footer =
                stopped
                        ? rows.size() + " rows (the row limit; the query was stopped after them)"
                        : footer(rows.size());
        TablePrinter.print(out, columns, rows, zone(), footer);
    }

    private static String footer(int rows) {
        return rows == 0 ? "Empty set" : rows == 1 ? "1 row in set" : rows + " rows in set";
    }

    private java.time.ZoneId zone() {
        return tableEnv == null
                ? java.time.ZoneOffset.UTC
                : tableEnv.getConfig().getLocalTimeZone();
    }

    /**
     * Waits until every submitted job ends.
     *
     * @throws SqlScriptException naming the statement of the first job that failed
     */
    public void awaitJobs() throws InterruptedException {
        for (SubmittedJob job : jobs) {
            try {
                job.client().getJobExecutionResult().get();
                progress.println(
                        "Job "
                                + job.client().getJobID()
                                + " of "
                                + job.statement().describe()
                                + " finished");
            } catch (ExecutionException e) {
                throw new SqlScriptException(
                        job.statement(), "the job failed: " + cause(job.statement(), e), e);
            }
        }
    }

    /** Cancels every job still running; waits up to {@code timeoutSeconds} for each. */
    public void cancelJobs(long timeoutSeconds) {
        for (SubmittedJob job : jobs) {
            try {
                JobStatus status =
                        job.client().getJobStatus().get(timeoutSeconds, TimeUnit.SECONDS);
                if (!status.isGloballyTerminalState()) {
                    job.client().cancel().get(timeoutSeconds, TimeUnit.SECONDS);
                    progress.println(
                            "Cancelled job "
                                    + job.client().getJobID()
                                    + " of "
                                    + job.statement().describe());
                }
            } catch (Exception e) {
                progress.println(
                        "Could not cancel job "
                                + job.client().getJobID()
                                + ": "
                                + oneLine(rootCause(e).toString()));
            }
        }
    }

    private void registerBrookFunctions(TableEnvironment env) {
        Class<?> functions;
        try {
            functions = Class.forName(BROOK_FUNCTIONS, true, SqlRunner.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return; // not built in: scripts can still use every built-in function
        }
        try {
            Method registerAll = functions.getMethod("registerAll", TableEnvironment.class);
            registerAll.invoke(null, env);
        } catch (InvocationTargetException e) {
            progress.println(
                    "Brook's SQL functions are not registered: "
                            + oneLine(String.valueOf(rootCause(e.getCause()).getMessage())));
        } catch (ReflectiveOperationException | LinkageError e) {
            progress.println("Brook's SQL functions are not registered: " + e);
        }
    }

    /** "SELECT", "INSERT INTO"...: the statement's start in upper case, whitespace collapsed. */
    static String head(String text) {
        String start = text.length() > 64 ? text.substring(0, 64) : text;
        return start.strip().replaceAll("\\s+", " ").toUpperCase(java.util.Locale.ROOT);
    }

    private static String unquote(String s) {
        s = s.strip();
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("''", "'");
        }
        return s;
    }

    /**
     * The cause in one line: Flink's parse and validation errors as they are (they say where), else
     * the innermost message; positions Flink reports within the statement ("line 2, column 5") are
     * also given as the line of the file.
     */
    static String cause(SqlStatement s, Throwable t) {
        String chosen = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            String name = c.getClass().getName();
            if ((name.endsWith("SqlParserException") || name.endsWith("ValidationException"))
                    && c.getMessage() != null) {
                chosen = c.getMessage();
                break;
            }
        }
        if (chosen == null) {
            Throwable root = rootCause(t);
            chosen =
                    root.getMessage() == null
                            ? root.getClass().getSimpleName()
                            : root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        String message = oneLine(chosen);
        Matcher m = LINE_COLUMN.matcher(message);
        if (m.find()) {
            int fileLine = s.line() + Integer.parseInt(m.group(1)) - 1;
            message += " [file line " + fileLine + "]";
        }
        return message;
    }

    static Throwable rootCause(Throwable t) {
        Throwable c = t;
        for (int depth = 0; c.getCause() != null && c.getCause() != c && depth < 50; depth++) {
            c = c.getCause();
        }
        return c;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
