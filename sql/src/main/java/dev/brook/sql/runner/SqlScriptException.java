package dev.brook.sql.runner;

/**
 * A script failed: names the statement (its number, first line and line in the file) and the cause
 * in one line. The full cause stays attached for debugging.
 */
public class SqlScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SqlStatement statement;
    private final int line;

    public SqlScriptException(SqlStatement statement, String message, Throwable cause) {
        super(statement.describe() + ": " + message, cause);
        this.statement = statement;
        this.line = statement.line();
    }

    /** A problem with the script's text itself (an unterminated string or comment, a variable). */
    public SqlScriptException(int line, String message) {
        super("line " + line + ": " + message);
        this.statement = null;
        this.line = line;
    }

    /** The statement that failed, or null when the script could not be split into statements. */
    public SqlStatement statement() {
        return statement;
    }

    /** The line of the file where the failing statement (or the problem) starts. */
    public int line() {
        return line;
    }
}
