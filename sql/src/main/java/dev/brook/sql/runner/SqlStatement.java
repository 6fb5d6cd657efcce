package dev.brook.sql.runner;

/**
 * One statement of a script: its number (1-based, in script order), the line of the file it starts
 * on (1-based), and its text without the terminating semicolon and without leading comments.
 */
public record SqlStatement(int number, int line, String text) {

    /** The statement's first line, for error messages and progress. */
    public String firstLine() {
        int nl = text.indexOf('\n');
        String first = (nl < 0 ? text : text.substring(0, nl)).strip();
        return first.length() > 80 ? first.substring(0, 77) + "..." : first;
    }

    /** "statement 3 (line 12: INSERT INTO counts)". */
    public String describe() {
        return "statement " + number + " (line " + line + ": " + firstLine() + ")";
    }
}
