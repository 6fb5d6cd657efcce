package dev.brook.store;

import java.util.regex.Pattern;

/** Stream name rules, as Kinesis has them: {@code [a-zA-Z0-9_.-]{1,128}}. */
public final class StreamNames {
    public static final int MAX_LENGTH = 128;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

    private StreamNames() {}

    /** Returns the name if legal; throws naming the rule otherwise. */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw BrookException.invalidArgument(
                    "stream name must not be empty (1 to " + MAX_LENGTH + " characters)");
        }
        if (name.length() > MAX_LENGTH) {
            throw BrookException.invalidArgument(
                    "stream name has " + name.length() + " characters; the limit is " + MAX_LENGTH);
        }
        // "." and ".." match the pattern but would escape or alias the store's directory.
        if (!LEGAL.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw BrookException.invalidArgument(
                    "illegal stream name '"
                            + name
                            + "': only letters, digits, '_', '.' and '-' are allowed (pattern"
                            + " [a-zA-Z0-9_.-]{1,128}, not '.' or '..')");
        }
        if (name.startsWith("_")) {
            throw BrookException.invalidArgument(
                    "illegal stream name '" + name + "': names starting with '_' are reserved");
        }
        return name;
    }
}
