package dev.brook.firehose.prefix;

/**
 * Which partition-key values may go into a prefix. A value comes from record data, so it must not
 * be able to move the record out of its prefix: no {@code .} or {@code ..} path segment (a
 * filesystem would resolve them), no control character, not empty.
 */
final class PartitionKeyValues {
    private PartitionKeyValues() {}

    /** Why {@code value} cannot go into a prefix, or null when it can. One pass, no regex. */
    static String whyUnsafe(String value) {
        if (value.isEmpty()) {
            return "is empty";
        }
        int segmentStart = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '/') {
                int length = i - segmentStart;
                if ((length == 1 || length == 2)
                        && value.charAt(segmentStart) == '.'
                        && value.charAt(i - 1) == '.') {
                    return "has a \".\" or \"..\" path segment";
                }
                segmentStart = i + 1;
            } else if (Character.isISOControl(value.charAt(i))) {
                return "has a control character";
            }
        }
        return null;
    }
}
