package dev.brook.sql.runner;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${NAME}} in a script's text with the variable's value before it is split into
 * statements; {@code $${} stands for a literal {@code ${}. An unknown variable is an error naming
 * its line (a typo would otherwise reach Flink as a strange path or table name).
 */
public final class ScriptVariables {
    private static final Pattern VARIABLE = Pattern.compile("\\$?\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private ScriptVariables() {}

    public static String substitute(String script, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(script);
        StringBuilder out = new StringBuilder(script.length());
        while (m.find()) {
            String replacement;
            if (m.group().startsWith("$$")) {
                replacement = m.group().substring(1);
            } else {
                replacement = variables.get(m.group(1));
                if (replacement == null) {
                    int line =
                            1
                                    + (int)
                                            script.substring(0, m.start())
                                                    .chars()
                                                    .filter(c -> c == '\n')
                                                    .count();
                    throw new SqlScriptException(
                            line,
                            "unknown variable ${"
                                    + m.group(1)
                                    + "} (known: "
                                    + String.join(", ", new java.util.TreeSet<>(variables.keySet()))
                                    + "; write $${ for a literal ${)");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
