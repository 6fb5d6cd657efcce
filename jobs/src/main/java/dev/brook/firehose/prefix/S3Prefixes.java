package dev.brook.firehose.prefix;

import java.io.Serializable;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A delivery stream's {@code Prefix} and {@code ErrorOutputPrefix} together, with the rules that
 * tie them: the error prefix may be left out only when the data prefix has no expressions and
 * dynamic partitioning is off, and then defaults to {@code <data prefix><error-output-type>/}
 * followed by {@code yyyy/MM/dd/HH/}.
 */
public record S3Prefixes(S3Prefix data, S3Prefix error) implements Serializable {

    public S3Prefixes {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(error, "error");
    }

    /** Both prefixes without dynamic partitioning, in UTC. */
    public static S3Prefixes of(String prefix, String errorOutputPrefix) {
        return of(prefix, errorOutputPrefix, false, ZoneOffset.UTC);
    }

    /**
     * Parses both prefixes (null or empty means unspecified) and applies Firehose's defaults.
     *
     * @throws InvalidPrefixException naming the field and the rule it breaks
     */
    public static S3Prefixes of(
            String prefix, String errorOutputPrefix, boolean dynamicPartitioning, ZoneId zone) {
        String given = prefix == null ? "" : prefix;
        S3Prefix data = S3Prefix.parse(given, PrefixKind.DATA, dynamicPartitioning, zone);
        if (errorOutputPrefix != null && !errorOutputPrefix.isEmpty()) {
            return new S3Prefixes(
                    data,
                    S3Prefix.parse(errorOutputPrefix, PrefixKind.ERROR, dynamicPartitioning, zone));
        }
        if (dynamicPartitioning) {
            throw new InvalidPrefixException(
                    "ErrorOutputPrefix is required with dynamic partitioning: records whose"
                            + " partition keys cannot be evaluated go there");
        }
        // S3Prefix.parse accepted the prefix, so "!{" occurs in it only as an expression.
        if (given.contains("!{")) {
            throw new InvalidPrefixException(
                    String.format(
                            "ErrorOutputPrefix can't be null when Prefix contains expressions"
                                    + " (Prefix \"%s\")",
                            given));
        }
        S3Prefix error =
                S3Prefix.parse(
                        given + S3Prefix.DEFAULT_ERROR_EXPRESSION, PrefixKind.ERROR, false, zone);
        return new S3Prefixes(data, error);
    }
}
