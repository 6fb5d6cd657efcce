package dev.brook.firehose.prefix;

import dev.brook.firehose.ErrorOutputType;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Firehose custom S3 prefix ({@code Prefix} or {@code ErrorOutputPrefix}): literal text with
 * {@code !{namespace:value}} expressions, validated with Firehose's rules when parsed and evaluated
 * per buffer of records.
 *
 * <p>Namespaces: {@code timestamp} (a {@link DateTimeFormatter} pattern, evaluated on the oldest
 * record's arrival time in UTC or the given zone; every occurrence in one prefix sees the same
 * instant), {@code firehose} ({@code random-string}: 11 random characters, fresh per occurrence;
 * {@code error-output-type}: why the records failed, error prefix only), {@code
 * partitionKeyFromQuery} and {@code partitionKeyFromLambda} (a record's partition key, data prefix
 * with dynamic partitioning only).
 *
 * <p>The expression is parsed once into segments with their formatters built, so evaluation only
 * appends to one builder. Instances are immutable and safe to share between threads.
 */
public final class S3Prefix implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Firehose's {@code Prefix} and {@code ErrorOutputPrefix} are at most 1024 characters long. */
    public static final int MAX_EXPRESSION_LENGTH = 1024;

    /** Neither prefix may be longer than 512 characters once evaluated. */
    public static final int MAX_EVALUATED_LENGTH = 512;

    /** Length of {@code !{firehose:random-string}}'s value. */
    public static final int RANDOM_STRING_LENGTH = 11;

    /** What Firehose appends to a data prefix without a timestamp, and its default prefix. */
    public static final String DEFAULT_TIME_EXPRESSION = "!{timestamp:yyyy/MM/dd/HH/}";

    /** The error prefix when none is given and the data prefix is empty. */
    public static final String DEFAULT_ERROR_EXPRESSION =
            "!{firehose:error-output-type}/" + DEFAULT_TIME_EXPRESSION;

    static final String TIMESTAMP = "timestamp";
    static final String FIREHOSE = "firehose";
    static final String FROM_QUERY = "partitionKeyFromQuery";
    static final String FROM_LAMBDA = "partitionKeyFromLambda";
    static final String RANDOM_STRING = "random-string";
    static final String ERROR_OUTPUT_TYPE = "error-output-type";

    private static final char[] RANDOM_ALPHABET =
            "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    /** Locale of month and day names ({@code MMM}, {@code EEE}) and of week-based fields. */
    private static final Locale LOCALE = Locale.US;

    private final String expression;
    private final PrefixKind kind;
    private final boolean dynamicPartitioning;
    private final ZoneId zone;

    // Formatters are not serializable: rebuilt from the expression after deserialization.
    private transient Compiled compiled;

    private S3Prefix(String expression, PrefixKind kind, boolean dynamicPartitioning, ZoneId zone) {
        this.expression = expression;
        this.kind = kind;
        this.dynamicPartitioning = dynamicPartitioning;
        this.zone = zone;
        this.compiled = Compiled.of(expression, kind);
    }

    /** Parses a prefix without dynamic partitioning, in UTC. */
    public static S3Prefix parse(String expression, PrefixKind kind) {
        return parse(expression, kind, false, ZoneOffset.UTC);
    }

    /** Parses a prefix in UTC. */
    public static S3Prefix parse(String expression, PrefixKind kind, boolean dynamicPartitioning) {
        return parse(expression, kind, dynamicPartitioning, ZoneOffset.UTC);
    }

    /**
     * Parses and validates a prefix with Firehose's rules, applying its defaults: an empty or null
     * data prefix becomes {@value #DEFAULT_TIME_EXPRESSION}; a data prefix without a timestamp
     * expression gets it appended unless dynamic partitioning is on; an empty or null error prefix
     * becomes {@value #DEFAULT_ERROR_EXPRESSION} (see {@link S3Prefixes} for the default that
     * depends on the data prefix).
     *
     * @param zone the time zone of {@code timestamp} expressions (Firehose's CustomTimeZone)
     * @throws InvalidPrefixException naming the expression and the rule it breaks
     */
    public static S3Prefix parse(
            String expression, PrefixKind kind, boolean dynamicPartitioning, ZoneId zone) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(zone, "zone");
        String given = expression == null ? "" : expression;
        String field = kind.fieldName();
        if (given.length() > MAX_EXPRESSION_LENGTH) {
            throw new InvalidPrefixException(
                    String.format(
                            "%s is %d characters long; the limit is %d",
                            field, given.length(), MAX_EXPRESSION_LENGTH));
        }
        if (given.startsWith("/")) {
            // A leading slash would make the bucket an absolute path outside the base directory.
            throw new InvalidPrefixException(
                    String.format("%s \"%s\" must not start with '/'", field, given));
        }
        Compiled parsed = Compiled.of(given, kind);
        String effective = given;
        if (kind == PrefixKind.DATA) {
            parsed.requireDataRules(given, dynamicPartitioning);
            if (!dynamicPartitioning && !parsed.hasTimestamp) {
                effective = given + DEFAULT_TIME_EXPRESSION;
            }
        } else {
            parsed.requireErrorRules(given);
            if (given.isEmpty()) {
                effective = DEFAULT_ERROR_EXPRESSION;
            }
        }
        S3Prefix prefix = new S3Prefix(effective, kind, dynamicPartitioning, zone);
        prefix.requireShortEnough();
        return prefix;
    }

    /** The expression evaluated, after Firehose's defaults were applied. */
    public String expression() {
        return expression;
    }

    public PrefixKind kind() {
        return kind;
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean dynamicPartitioning() {
        return dynamicPartitioning;
    }

    /** Names used in {@code !{partitionKeyFromQuery:name}}, in order of appearance. */
    public Set<String> partitionKeyNames() {
        return compiled.queryKeys;
    }

    /** Names used in {@code !{partitionKeyFromLambda:name}}, in order of appearance. */
    public Set<String> lambdaPartitionKeyNames() {
        return compiled.lambdaKeys;
    }

    public boolean usesErrorOutputType() {
        return compiled.hasErrorOutputType;
    }

    /**
     * The evaluated prefix for one record, or for the oldest record of a buffer.
     *
     * <p>Both partition-key namespaces read {@code partitionKeys}: a record's keys come from
     * metadata extraction and from the transform hook alike.
     *
     * @param errorType why the records failed; required when the prefix uses {@code
     *     !{firehose:error-output-type}}, ignored otherwise
     * @throws PrefixEvaluationException when a partition key is missing or its value is not safe in
     *     a path, or the result is longer than {@value #MAX_EVALUATED_LENGTH} characters
     */
    public String evaluate(
            long arrivalTimeMillis, Map<String, String> partitionKeys, ErrorOutputType errorType) {
        Compiled c = compiled;
        if (c.hasErrorOutputType && errorType == null) {
            throw new IllegalArgumentException(
                    "the error type is required to evaluate "
                            + kind.fieldName()
                            + " "
                            + expression);
        }
        TemporalAccessor time =
                c.hasTimestamp ? Instant.ofEpochMilli(arrivalTimeMillis).atZone(zone) : null;
        StringBuilder out = new StringBuilder(c.sizeHint);
        for (Segment segment : c.segments) {
            segment.appendTo(out, time, partitionKeys, errorType);
        }
        if (out.length() > MAX_EVALUATED_LENGTH
                && out.codePointCount(0, out.length()) > MAX_EVALUATED_LENGTH) {
            throw new PrefixEvaluationException(
                    String.format(
                            "%s %s evaluates to %d characters; the limit is %d: %s",
                            kind.fieldName(),
                            expression,
                            out.codePointCount(0, out.length()),
                            MAX_EVALUATED_LENGTH,
                            out));
        }
        if (out.length() > 0 && out.charAt(0) == '/') {
            throw new PrefixEvaluationException(
                    String.format(
                            "%s %s evaluates to \"%s\", which starts with '/'",
                            kind.fieldName(), expression, out));
        }
        return out.toString();
    }

    /**
     * Rejects at parse time a prefix that is too long whatever the record: evaluated at a sample
     * instant with one-character keys and the longest error type.
     */
    private void requireShortEnough() {
        Map<String, String> sampleKeys = new HashMap<>();
        compiled.queryKeys.forEach(k -> sampleKeys.put(k, "x"));
        compiled.lambdaKeys.forEach(k -> sampleKeys.put(k, "x"));
        ErrorOutputType longest = ErrorOutputType.PROCESSING_FAILED;
        for (ErrorOutputType t : ErrorOutputType.values()) {
            if (t.prefixValue().length() > longest.prefixValue().length()) {
                longest = t;
            }
        }
        try {
            evaluate(0L, sampleKeys, longest);
        } catch (PrefixEvaluationException e) {
            throw new InvalidPrefixException(e.getMessage(), e);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        this.compiled = Compiled.of(expression, kind);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof S3Prefix other)) {
            return false;
        }
        return expression.equals(other.expression)
                && kind == other.kind
                && dynamicPartitioning == other.dynamicPartitioning
                && zone.equals(other.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression, kind, dynamicPartitioning, zone);
    }

    @Override
    public String toString() {
        return expression;
    }

    /** The parsed form of one expression: its segments and what it uses. */
    private static final class Compiled {
        final List<Segment> segments = new ArrayList<>();
        final Set<String> queryKeys;
        final Set<String> lambdaKeys;
        final boolean hasTimestamp;
        final boolean hasErrorOutputType;
        final String firstPartitionKey;
        final String errorOutputTypeExpression;
        final int sizeHint;
        final String field;

        private Compiled(String text, PrefixKind kind) {
            this.field = kind.fieldName();
            Set<String> query = new LinkedHashSet<>();
            Set<String> lambda = new LinkedHashSet<>();
            boolean timestamp = false;
            String errorType = null;
            String firstKey = null;
            int literalLength = 0;
            int pos = 0;
            while (pos < text.length()) {
                int start = text.indexOf("!{", pos);
                if (start < 0) {
                    literalLength += addLiteral(text.substring(pos));
                    break;
                }
                literalLength += addLiteral(text.substring(pos, start));
                int end = text.indexOf('}', start + 2);
                if (end < 0) {
                    throw invalid(
                            text,
                            "\"!{\" at index "
                                    + start
                                    + " has no closing '}': \"!{\" may only start a"
                                    + " !{namespace:value} expression");
                }
                String body = text.substring(start + 2, end);
                String whole = text.substring(start, end + 1);
                if (body.contains("!{")) {
                    throw invalid(
                            text,
                            whole
                                    + " contains \"!{\": \"!{\" may only start a"
                                    + " !{namespace:value} expression");
                }
                int colon = body.indexOf(':');
                if (colon < 0) {
                    throw invalid(text, whole + " is not of the form !{namespace:value}");
                }
                String namespace = body.substring(0, colon);
                String value = body.substring(colon + 1);
                if (value.isEmpty()) {
                    throw invalid(text, whole + " has an empty value");
                }
                switch (namespace) {
                    case TIMESTAMP -> {
                        segments.add(new TimestampSegment(formatter(text, whole, value)));
                        timestamp = true;
                    }
                    case FIREHOSE -> {
                        if (value.equals(RANDOM_STRING)) {
                            segments.add(RandomStringSegment.INSTANCE);
                        } else if (value.equals(ERROR_OUTPUT_TYPE)) {
                            segments.add(ErrorOutputTypeSegment.INSTANCE);
                            errorType = whole;
                        } else {
                            throw invalid(
                                    text,
                                    whole
                                            + " has an unknown firehose value; valid values are "
                                            + RANDOM_STRING
                                            + " and "
                                            + ERROR_OUTPUT_TYPE);
                        }
                    }
                    case FROM_QUERY, FROM_LAMBDA -> {
                        requireKeyName(text, whole, value);
                        (namespace.equals(FROM_QUERY) ? query : lambda).add(value);
                        segments.add(new PartitionKeySegment(namespace, value));
                        if (firstKey == null) {
                            firstKey = whole;
                        }
                    }
                    default ->
                            throw invalid(
                                    text,
                                    whole
                                            + " has an unknown namespace \""
                                            + namespace
                                            + "\"; valid namespaces are "
                                            + TIMESTAMP
                                            + ", "
                                            + FIREHOSE
                                            + ", "
                                            + FROM_QUERY
                                            + " and "
                                            + FROM_LAMBDA);
                }
                pos = end + 1;
            }
            this.queryKeys = Collections.unmodifiableSet(query);
            this.lambdaKeys = Collections.unmodifiableSet(lambda);
            this.hasTimestamp = timestamp;
            this.hasErrorOutputType = errorType != null;
            this.errorOutputTypeExpression = errorType;
            this.firstPartitionKey = firstKey;
            this.sizeHint = literalLength + 16 * segments.size();
        }

        static Compiled of(String text, PrefixKind kind) {
            return new Compiled(text, kind);
        }

        boolean hasExpressions() {
            for (Segment s : segments) {
                if (!(s instanceof LiteralSegment)) {
                    return true;
                }
            }
            return false;
        }

        void requireDataRules(String text, boolean dynamicPartitioning) {
            if (hasErrorOutputType) {
                throw invalid(
                        text,
                        errorOutputTypeExpression
                                + " is only allowed in "
                                + PrefixKind.ERROR.fieldName());
            }
            boolean hasKeys = firstPartitionKey != null;
            if (hasKeys && !dynamicPartitioning) {
                throw invalid(
                        text, firstPartitionKey + " is only allowed with dynamic partitioning");
            }
            if (dynamicPartitioning && !hasKeys) {
                throw invalid(
                        text,
                        "dynamic partitioning needs at least one !{"
                                + FROM_QUERY
                                + ":name} or !{"
                                + FROM_LAMBDA
                                + ":name} expression");
            }
        }

        void requireErrorRules(String text) {
            if (firstPartitionKey != null) {
                throw invalid(
                        text,
                        firstPartitionKey
                                + " is not allowed in "
                                + PrefixKind.ERROR.fieldName()
                                + " (records there may have no partition keys)");
            }
            if (hasExpressions() && !hasErrorOutputType) {
                throw invalid(
                        text,
                        "an "
                                + PrefixKind.ERROR.fieldName()
                                + " with expressions must include !{"
                                + FIREHOSE
                                + ":"
                                + ERROR_OUTPUT_TYPE
                                + "}");
            }
        }

        private int addLiteral(String literal) {
            if (!literal.isEmpty()) {
                segments.add(new LiteralSegment(literal));
            }
            return literal.length();
        }

        private DateTimeFormatter formatter(String text, String whole, String pattern) {
            try {
                DateTimeFormatter formatter = DateTimeFormatter.ofPattern(pattern, LOCALE);
                // Some valid patterns still fail on a date-time (e.g. a field it cannot supply).
                formatter.format(ZonedDateTime.of(2018, 8, 27, 10, 30, 0, 0, ZoneOffset.UTC));
                return formatter;
            } catch (IllegalArgumentException | DateTimeException e) {
                throw invalid(
                        text,
                        whole
                                + " is not a valid java.time.format.DateTimeFormatter pattern: "
                                + e.getMessage());
            }
        }

        private void requireKeyName(String text, String whole, String name) {
            for (int i = 0; i < name.length(); i++) {
                if (Character.isWhitespace(name.charAt(i))
                        || Character.isISOControl(name.charAt(i))) {
                    throw invalid(
                            text, whole + " has whitespace or a control character in the key name");
                }
            }
        }

        private InvalidPrefixException invalid(String text, String rule) {
            return new InvalidPrefixException(String.format("%s \"%s\": %s", field, text, rule));
        }
    }

    private interface Segment {
        void appendTo(
                StringBuilder out,
                TemporalAccessor time,
                Map<String, String> partitionKeys,
                ErrorOutputType errorType);
    }

    private record LiteralSegment(String text) implements Segment {
        @Override
        public void appendTo(
                StringBuilder out,
                TemporalAccessor time,
                Map<String, String> keys,
                ErrorOutputType errorType) {
            out.append(text);
        }
    }

    private record TimestampSegment(DateTimeFormatter formatter) implements Segment {
        @Override
        public void appendTo(
                StringBuilder out,
                TemporalAccessor time,
                Map<String, String> keys,
                ErrorOutputType errorType) {
            formatter.formatTo(time, out);
        }
    }

    private enum RandomStringSegment implements Segment {
        INSTANCE;

        @Override
        public void appendTo(
                StringBuilder out,
                TemporalAccessor time,
                Map<String, String> keys,
                ErrorOutputType errorType) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < RANDOM_STRING_LENGTH; i++) {
                out.append(RANDOM_ALPHABET[random.nextInt(RANDOM_ALPHABET.length)]);
            }
        }
    }

    private enum ErrorOutputTypeSegment implements Segment {
        INSTANCE;

        @Override
        public void appendTo(
                StringBuilder out,
                TemporalAccessor time,
                Map<String, String> keys,
                ErrorOutputType errorType) {
            out.append(errorType.prefixValue());
        }
    }

    private record PartitionKeySegment(String namespace, String name) implements Segment {
        @Override
        public void appendTo(
                StringBuilder out,
                TemporalAccessor time,
                Map<String, String> keys,
                ErrorOutputType errorType) {
            String value = keys == null ? null : keys.get(name);
            if (value == null) {
                throw new PrefixEvaluationException(
                        String.format(
                                "the record has no partition key \"%s\" for !{%s:%s}",
                                name, namespace, name));
            }
            String unsafe = PartitionKeyValues.whyUnsafe(value);
            if (unsafe != null) {
                throw new PrefixEvaluationException(
                        String.format(
                                "partition key \"%s\" for !{%s:%s} has the value \"%s\", which %s",
                                name, namespace, name, value, unsafe));
            }
            out.append(value);
        }
    }
}
