package dev.brook.firehose.process;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks one processor's parameters at build time, so that a mistake comes back as an
 * {@link IllegalArgumentException} naming the processor type, the parameter and what is allowed.
 */
final class ProcessorParameters {

    /** Firehose's limit on a {@code ParameterValue}. */
    static final int MAX_VALUE_LENGTH = 5120;

    private final String type;
    private final Map<String, String> values;

    /** Rejects parameters other than {@code allowed}. */
    ProcessorParameters(String type, Map<String, String> values, List<String> allowed) {
        this.type = type;
        this.values = values;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw new IllegalArgumentException(
                        String.format(
                                "Processor %s: unknown parameter '%s'; %s",
                                type,
                                entry.getKey(),
                                allowed.isEmpty()
                                        ? "this processor takes no parameters"
                                        : "allowed: " + String.join(", ", allowed)));
            }
            if (entry.getValue() == null || entry.getValue().isEmpty()) {
                throw invalid(entry.getKey(), "", "a non-empty value");
            }
            if (entry.getValue().length() > MAX_VALUE_LENGTH) {
                throw invalid(
                        entry.getKey(),
                        entry.getValue().substring(0, 40) + "...",
                        "at most " + MAX_VALUE_LENGTH + " characters");
            }
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String required(String name, String allowedDescription) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    String.format(
                            "Processor %s: parameter '%s' is required (%s)",
                            type, name, allowedDescription));
        }
        return value;
    }

    String optional(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** A value from a fixed list, compared exactly as Firehose does. */
    String oneOf(String name, String defaultValue, List<String> allowed) {
        String value =
                defaultValue == null
                        ? required(name, "one of " + String.join(", ", allowed))
                        : optional(name, defaultValue);
        if (!allowed.contains(value)) {
            throw invalid(name, value, "one of " + String.join(", ", allowed));
        }
        return value;
    }

    int intValue(String name, int defaultValue, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw invalid(name, value, "an integer from " + min + " to " + max);
    }

    double doubleValue(String name, double defaultValue, double min, double max) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw invalid(name, value, "a number from " + min + " to " + max);
    }

    /** A base64-encoded byte string, as Firehose takes the de-aggregation delimiter. */
    byte[] base64(String name) {
        String value = required(name, "a base64-encoded delimiter, e.g. IyMjIw== for ####");
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(
                    name,
                    value,
                    "base64-encoded bytes, e.g. IyMjIw== for #### (" + e.getMessage() + ")");
        }
        if (decoded.length == 0) {
            throw invalid(name, value, "base64 of at least one byte");
        }
        return decoded;
    }

    IllegalArgumentException invalid(String name, String value, String allowedDescription) {
        return new IllegalArgumentException(
                String.format(
                        "Processor %s: parameter '%s' has the bad value '%s'; allowed: %s",
                        type, name, value, allowedDescription));
    }
}
