package dev.brook.sql.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Flink SQL script into statements.
 *
 * <ul>
 *   <li>A statement ends at a semicolon outside single-quoted strings ({@code 'it''s'}),
 *       double-quoted and back-quoted identifiers ({@code `a``b`}), {@code -- line} comments and
 *       {@code /* block *}{@code /} comments; the last statement may omit its semicolon.
 *   <li>Comments before a statement are not part of it; comments inside it are kept (Flink's parser
 *       skips them). Empty statements ({@code ;;}) are skipped.
 *   <li>Every statement keeps the line it starts on, so errors can name it.
 *   <li>{@code EXECUTE STATEMENT SET BEGIN} is a statement of its own (as the SQL client's {@code
 *       BEGIN STATEMENT SET;} is), so the INSERTs inside it and the closing {@code END;} are
 *       statements too, each with its own line.
 * </ul>
 */
public final class SqlScriptParser {
    /** The opening of Flink's {@code EXECUTE STATEMENT SET BEGIN ... END;} form. */
    public static final String EXECUTE_STATEMENT_SET_BEGIN = "EXECUTE STATEMENT SET BEGIN";

    private static final Pattern EXECUTE_SET =
            Pattern.compile("EXECUTE\\s+STATEMENT\\s+SET\\s+BEGIN\\b", Pattern.CASE_INSENSITIVE);

    private SqlScriptParser() {}

    /**
     * The statements of {@code script}, in order.
     *
     * @throws SqlScriptException naming the line where a string, identifier or comment that never
     *     ends starts
     */
    public static List<SqlStatement> parse(String script) {
        List<SqlStatement> out = new ArrayList<>();
        Matcher executeSet = EXECUTE_SET.matcher(script);
        int n = script.length();
        int line = 1;
        int start = -1; // start of the current statement, -1 between statements
        int startLine = 0;
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end; // the newline itself is counted below
                continue;
            }
            if (c == '/' && next == '*') {
                int open = line;
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new SqlScriptException(open, "the comment '/*' is never closed");
                }
                line += count(script, i, end + 2);
                i = end + 2;
                continue;
            }
            if (c == '\n') {
                line++;
                i++;
                continue;
            }
            if (start < 0) {
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (c == ';') {
                    i++; // an empty statement
                    continue;
                }
                executeSet.region(i, n);
                if (executeSet.lookingAt()) {
                    out.add(new SqlStatement(out.size() + 1, line, EXECUTE_STATEMENT_SET_BEGIN));
                    line += count(script, i, executeSet.end());
                    i = executeSet.end();
                    continue;
                }
                start = i;
                startLine = line;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int open = line;
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw new SqlScriptException(
                                open,
                                (c == '\'' ? "the string" : "the quoted identifier")
                                        + " starting with "
                                        + c
                                        + " is never closed");
                    }
                    char q = script.charAt(j);
                    if (q == c) {
                        if (j + 1 < n && script.charAt(j + 1) == c) {
                            j += 2; // doubled quote: an escaped quote
                            continue;
                        }
                        break;
                    }
                    if (q == '\n') {
                        line++;
                    }
                    j++;
                }
                i = j + 1;
                continue;
            }
            if (c == ';') {
                out.add(
                        new SqlStatement(
                                out.size() + 1, startLine, script.substring(start, i).strip()));
                start = -1;
            }
            i++;
        }
        if (start >= 0) {
            String rest = script.substring(start).strip();
            if (!rest.isEmpty()) {
                out.add(new SqlStatement(out.size() + 1, startLine, rest));
            }
        }
        return out;
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
