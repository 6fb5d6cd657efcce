package dev.brook.firehose.prefix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.firehose.ErrorOutputType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3PrefixTest {

    /** The instant of AWS's example table: 10:30 AM UTC on Aug 27, 2018. */
    private static final long AUG_27 = millis("2018-08-27T10:30:00Z");

    private static final String RANDOM = "<random>";

    /**
     * One row of an example: the configured prefixes, and either the evaluated prefixes for a
     * processing failure or the start of the rejection message.
     */
    record Example(
            String name,
            String prefix,
            String errorOutputPrefix,
            boolean dynamicPartitioning,
            long at,
            Map<String, String> keys,
            String data,
            String error,
            String rejection) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * AWS's "Custom prefixes for Amazon S3 objects" examples (the example table, the firehose
     * namespace table) and the dynamic partitioning examples. Where the table's outputs do not
     * match its own instant or rules, the row says which instant or rule it follows.
     */
    static Stream<Example> awsExamples() {
        return Stream.of(
                new Example(
                        "Prefix unspecified: the default yyyy/MM/dd/HH/; no timestamp appended to"
                                + " ErrorOutputPrefix",
                        null,
                        "myFirehoseFailures/!{firehose:error-output-type}/",
                        false,
                        AUG_27,
                        Map.of(),
                        "2018/08/27/10/",
                        "myFirehoseFailures/processing-failed/",
                        null),
                new Example(
                        "Prefix with expressions needs an ErrorOutputPrefix",
                        "!{timestamp:yyyy/MM/dd}",
                        null,
                        false,
                        AUG_27,
                        Map.of(),
                        null,
                        null,
                        "ErrorOutputPrefix can't be null when Prefix contains expressions"),
                new Example(
                        // The table shows dd as 10: the row is evaluated on Aug 10 to match it.
                        "random string and timestamps in both prefixes",
                        "myFirehose/DeliveredYear=!{timestamp:yyyy}/anyMonth/rand=!{firehose:random-string}",
                        "myFirehoseFailures/!{firehose:error-output-type}/!{timestamp:yyyy}/anyMonth/!{timestamp:dd}",
                        false,
                        millis("2018-08-10T10:30:00Z"),
                        Map.of(),
                        "myFirehose/DeliveredYear=2018/anyMonth/rand=" + RANDOM,
                        "myFirehoseFailures/processing-failed/2018/anyMonth/10",
                        null),
                new Example(
                        // The table shows 2018-07-06 23h: the row is evaluated then.
                        "hive-style timestamps",
                        "myPrefix/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/",
                        "myErrorPrefix/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/!{firehose:error-output-type}",
                        false,
                        millis("2018-07-06T23:59:59Z"),
                        Map.of(),
                        "myPrefix/year=2018/month=07/day=06/hour=23/",
                        "myErrorPrefix/year=2018/month=07/day=06/hour=23/processing-failed",
                        null),
                new Example(
                        "quoted literals inside one timestamp pattern",
                        "myPrefix/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/",
                        "myErrorPrefix/!{timestamp:'year='yyyy'/month='MM'/day='dd'/hour='HH}/!{firehose:error-output-type}",
                        false,
                        millis("2018-07-06T23:00:00Z"),
                        Map.of(),
                        "myPrefix/year=2018/month=07/day=06/hour=23/",
                        "myErrorPrefix/year=2018/month=07/day=06/hour=23/processing-failed",
                        null),
                new Example(
                        // The rules: Prefix evaluates to <specified-prefix>yyyy/MM/dd/HH/ and
                        // ErrorOutputPrefix to <specified-prefix><error-output-type>/yyyy/MM/dd/HH/
                        // (the table inserts a '/' and drops the hour; the rules are followed).
                        "static Prefix without ErrorOutputPrefix",
                        "myFirehosePrefix",
                        null,
                        false,
                        AUG_27,
                        Map.of(),
                        "myFirehosePrefix2018/08/27/10/",
                        "myFirehosePrefixprocessing-failed/2018/08/27/10/",
                        null),
                new Example(
                        "static Prefix ending with '/' without ErrorOutputPrefix",
                        "myFirehosePrefix/",
                        null,
                        false,
                        AUG_27,
                        Map.of(),
                        "myFirehosePrefix/2018/08/27/10/",
                        "myFirehosePrefix/processing-failed/2018/08/27/10/",
                        null),
                new Example(
                        "firehose namespace table: error-output-type",
                        null,
                        "myPrefix/result=!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}",
                        false,
                        millis("2018-08-03T12:00:00Z"),
                        Map.of(),
                        "2018/08/03/12/",
                        "myPrefix/result=processing-failed/2018/08/03",
                        null),
                new Example(
                        "firehose namespace table: random-string (timestamp appended)",
                        "myPrefix/!{firehose:random-string}/",
                        "myPrefix/!{firehose:error-output-type}/",
                        false,
                        AUG_27,
                        Map.of(),
                        "myPrefix/" + RANDOM + "/2018/08/27/10/",
                        "myPrefix/processing-failed/",
                        null),
                new Example(
                        "dynamic partitioning: keys from the query, no timestamp appended",
                        "customer_id=!{partitionKeyFromQuery:customer_id}/device=!{partitionKeyFromQuery:device}/year=!{partitionKeyFromQuery:year}/month=!{partitionKeyFromQuery:month}/day=!{partitionKeyFromQuery:day}/hour=!{partitionKeyFromQuery:hour}/",
                        "errors/!{firehose:error-output-type}/",
                        true,
                        millis("2019-08-09T23:55:09Z"),
                        Map.of(
                                "customer_id", "1234567890",
                                "device", "mobile",
                                "year", "2019",
                                "month", "08",
                                "day", "09",
                                "hour", "20"),
                        "customer_id=1234567890/device=mobile/year=2019/month=08/day=09/hour=20/",
                        "errors/processing-failed/",
                        null),
                new Example(
                        "dynamic partitioning with timestamps (Athena partition projection)",
                        "prefix/!{timestamp:yyyy}-!{timestamp:MM}-!{timestamp:dd}/!{partitionKeyFromQuery:customer_id}/",
                        "errors/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/",
                        true,
                        millis("2021-11-01T08:00:00Z"),
                        Map.of("customer_id", "customer-1234"),
                        "prefix/2021-11-01/customer-1234/",
                        "errors/processing-failed/2021-11-01/",
                        null),
                new Example(
                        "dynamic partitioning with keys from the transform hook",
                        "!{partitionKeyFromLambda:customerId}/!{partitionKeyFromLambda:year}/",
                        "errors/!{firehose:error-output-type}/",
                        true,
                        AUG_27,
                        Map.of("customerId", "c-1", "year", "2021"),
                        "c-1/2021/",
                        "errors/processing-failed/",
                        null),
                new Example(
                        "dynamic partitioning needs an ErrorOutputPrefix",
                        "!{partitionKeyFromQuery:customer_id}/",
                        null,
                        true,
                        AUG_27,
                        Map.of(),
                        null,
                        null,
                        "ErrorOutputPrefix is required with dynamic partitioning"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awsExamples")
    void evaluatesAwsExamples(Example example) {
        if (example.rejection() != null) {
            assertThatThrownBy(
                            () ->
                                    S3Prefixes.of(
                                            example.prefix(),
                                            example.errorOutputPrefix(),
                                            example.dynamicPartitioning(),
                                            ZoneOffset.UTC))
                    .isInstanceOf(InvalidPrefixException.class)
                    .hasMessageContaining(example.rejection());
            return;
        }
        S3Prefixes prefixes =
                S3Prefixes.of(
                        example.prefix(),
                        example.errorOutputPrefix(),
                        example.dynamicPartitioning(),
                        ZoneOffset.UTC);
        assertThat(
                        prefixes.data()
                                .evaluate(
                                        example.at(),
                                        example.keys(),
                                        ErrorOutputType.PROCESSING_FAILED))
                .matches(withRandom(example.data()));
        assertThat(
                        prefixes.error()
                                .evaluate(
                                        example.at(), Map.of(), ErrorOutputType.PROCESSING_FAILED))
                .matches(withRandom(example.error()));
    }

    static Stream<Arguments> rejections() {
        String tooLong = "a".repeat(S3Prefix.MAX_EXPRESSION_LENGTH + 1);
        String evaluatesTooLong = "a".repeat(S3Prefix.MAX_EVALUATED_LENGTH);
        return Stream.of(
                Arguments.of(
                        "logs/!{unknown:x}/",
                        PrefixKind.DATA,
                        false,
                        "!{unknown:x} has an unknown namespace \"unknown\""),
                Arguments.of(
                        "logs/!{Timestamp:yyyy}/",
                        PrefixKind.DATA,
                        false,
                        "!{Timestamp:yyyy} has an unknown namespace \"Timestamp\""),
                Arguments.of("logs/!{timestamp:yyyy", PrefixKind.DATA, false, "has no closing '}'"),
                Arguments.of(
                        "logs/!{timestamp:!{x}/",
                        PrefixKind.DATA,
                        false,
                        "!{timestamp:!{x} contains \"!{\""),
                Arguments.of(
                        "logs/!{timestampyyyy}/",
                        PrefixKind.DATA,
                        false,
                        "!{timestampyyyy} is not of the form !{namespace:value}"),
                Arguments.of(
                        "logs/!{timestamp:}/",
                        PrefixKind.DATA,
                        false,
                        "!{timestamp:} has an empty value"),
                Arguments.of(
                        "logs/!{timestamp:yyyy-bb}/",
                        PrefixKind.DATA,
                        false,
                        "!{timestamp:yyyy-bb} is not a valid java.time.format.DateTimeFormatter"
                                + " pattern"),
                Arguments.of(
                        "logs/!{firehose:random}/",
                        PrefixKind.DATA,
                        false,
                        "!{firehose:random} has an unknown firehose value"),
                Arguments.of(
                        "logs/!{firehose:error-output-type}/",
                        PrefixKind.DATA,
                        false,
                        "!{firehose:error-output-type} is only allowed in ErrorOutputPrefix"),
                Arguments.of(
                        "logs/!{partitionKeyFromQuery:k}/",
                        PrefixKind.DATA,
                        false,
                        "!{partitionKeyFromQuery:k} is only allowed with dynamic partitioning"),
                Arguments.of(
                        "logs/!{partitionKeyFromLambda:k}/",
                        PrefixKind.DATA,
                        false,
                        "!{partitionKeyFromLambda:k} is only allowed with dynamic partitioning"),
                Arguments.of(
                        "logs/!{timestamp:yyyy}/",
                        PrefixKind.DATA,
                        true,
                        "dynamic partitioning needs at least one !{partitionKeyFromQuery:name}"),
                Arguments.of("", PrefixKind.DATA, true, "dynamic partitioning needs at least one"),
                Arguments.of(
                        "logs/!{partitionKeyFromQuery:my key}/",
                        PrefixKind.DATA,
                        true,
                        "!{partitionKeyFromQuery:my key} has whitespace"),
                Arguments.of(
                        "errors/!{firehose:error-output-type}/!{partitionKeyFromQuery:k}/",
                        PrefixKind.ERROR,
                        true,
                        "!{partitionKeyFromQuery:k} is not allowed in ErrorOutputPrefix"),
                Arguments.of(
                        "errors/!{timestamp:yyyy}/",
                        PrefixKind.ERROR,
                        false,
                        "an ErrorOutputPrefix with expressions must include"
                                + " !{firehose:error-output-type}"),
                Arguments.of(
                        "errors/!{firehose:random-string}/",
                        PrefixKind.ERROR,
                        false,
                        "must include !{firehose:error-output-type}"),
                Arguments.of("/logs/", PrefixKind.DATA, false, "must not start with '/'"),
                Arguments.of(
                        tooLong,
                        PrefixKind.DATA,
                        false,
                        "is 1025 characters long; the limit is 1024"),
                Arguments.of(tooLong, PrefixKind.ERROR, false, "the limit is 1024"),
                Arguments.of(
                        evaluatesTooLong,
                        PrefixKind.DATA,
                        false,
                        "evaluates to 526 characters; the limit is 512"),
                Arguments.of(
                        evaluatesTooLong + "!{firehose:error-output-type}",
                        PrefixKind.ERROR,
                        false,
                        "the limit is 512"));
    }

    @ParameterizedTest(name = "{1} \"{0}\" (dynamic partitioning {2})")
    @MethodSource("rejections")
    void rejectsWithTheRuleInTheMessage(
            String expression, PrefixKind kind, boolean dynamicPartitioning, String message) {
        assertThatThrownBy(() -> S3Prefix.parse(expression, kind, dynamicPartitioning))
                .isInstanceOf(InvalidPrefixException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(kind.fieldName())
                .hasMessageContaining(message);
    }

    @Test
    void defaultsFollowFirehose() {
        assertThat(S3Prefix.parse(null, PrefixKind.DATA).expression())
                .isEqualTo("!{timestamp:yyyy/MM/dd/HH/}");
        assertThat(S3Prefix.parse("", PrefixKind.DATA).evaluate(AUG_27, Map.of(), null))
                .isEqualTo("2018/08/27/10/");
        assertThat(S3Prefix.parse("logs/", PrefixKind.DATA).expression())
                .isEqualTo("logs/!{timestamp:yyyy/MM/dd/HH/}");
        // A prefix with its own timestamp gets nothing appended.
        assertThat(S3Prefix.parse("logs/!{timestamp:yyyy}/", PrefixKind.DATA).expression())
                .isEqualTo("logs/!{timestamp:yyyy}/");
        assertThat(
                        S3Prefix.parse(null, PrefixKind.ERROR)
                                .evaluate(
                                        AUG_27, Map.of(), ErrorOutputType.FORMAT_CONVERSION_FAILED))
                .isEqualTo("format-conversion-failed/2018/08/27/10/");
        // An ErrorOutputPrefix without expressions is taken as it is.
        S3Prefix staticError = S3Prefix.parse("errors/", PrefixKind.ERROR);
        assertThat(staticError.usesErrorOutputType()).isFalse();
        assertThat(staticError.evaluate(AUG_27, Map.of(), ErrorOutputType.JDBC_FAILED))
                .isEqualTo("errors/");
    }

    @Test
    void everyErrorTypeEvaluatesToItsPrefixValue() {
        S3Prefix error = S3Prefix.parse("e/!{firehose:error-output-type}/", PrefixKind.ERROR);
        assertThat(error.usesErrorOutputType()).isTrue();
        for (ErrorOutputType type : ErrorOutputType.values()) {
            assertThat(error.evaluate(AUG_27, Map.of(), type))
                    .isEqualTo("e/" + type.prefixValue() + "/");
        }
        assertThatThrownBy(() -> error.evaluate(AUG_27, Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("error type is required");
    }

    @Test
    void reportsPartitionKeyNamesPerNamespace() {
        S3Prefix prefix =
                S3Prefix.parse(
                        "!{partitionKeyFromQuery:b}/!{partitionKeyFromLambda:c}/!{partitionKeyFromQuery:a}/!{partitionKeyFromQuery:b}/",
                        PrefixKind.DATA,
                        true);
        assertThat(prefix.partitionKeyNames()).containsExactly("b", "a");
        assertThat(prefix.lambdaPartitionKeyNames()).containsExactly("c");
        assertThat(prefix.usesErrorOutputType()).isFalse();
        assertThat(prefix.expression()).doesNotContain("timestamp");
    }

    @Test
    void missingPartitionKeyIsAnEvaluationError() {
        S3Prefix prefix =
                S3Prefix.parse("c=!{partitionKeyFromQuery:customer}/", PrefixKind.DATA, true);
        assertThatThrownBy(() -> prefix.evaluate(AUG_27, Map.of("other", "x"), null))
                .isInstanceOf(PrefixEvaluationException.class)
                .isNotInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no partition key \"customer\"")
                .hasMessageContaining("!{partitionKeyFromQuery:customer}");
        assertThatThrownBy(() -> prefix.evaluate(AUG_27, null, null))
                .isInstanceOf(PrefixEvaluationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../etc", "a/../../b", "a/..", "./a", "", "a\nb", "a\u0000"})
    void rejectsPartitionKeyValuesThatLeaveThePrefix(String value) {
        S3Prefix prefix = S3Prefix.parse("base/!{partitionKeyFromQuery:k}/", PrefixKind.DATA, true);
        assertThatThrownBy(() -> prefix.evaluate(AUG_27, Map.of("k", value), null))
                .isInstanceOf(PrefixEvaluationException.class)
                .hasMessageContaining("partition key \"k\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"...", "a..b", "..a", "a/b", "a.b/c.d", "x=1", "ü-ß", "a b"})
    void acceptsOrdinaryPartitionKeyValues(String value) {
        S3Prefix prefix = S3Prefix.parse("base/!{partitionKeyFromQuery:k}/", PrefixKind.DATA, true);
        assertThat(prefix.evaluate(AUG_27, Map.of("k", value), null))
                .isEqualTo("base/" + value + "/");
    }

    @Test
    void rejectsAValueThatMakesThePrefixAbsoluteOrTooLong() {
        S3Prefix leading = S3Prefix.parse("!{partitionKeyFromQuery:k}/", PrefixKind.DATA, true);
        assertThatThrownBy(() -> leading.evaluate(AUG_27, Map.of("k", "/etc"), null))
                .isInstanceOf(PrefixEvaluationException.class)
                .hasMessageContaining("starts with '/'");
        assertThatThrownBy(() -> leading.evaluate(AUG_27, Map.of("k", "v".repeat(512)), null))
                .isInstanceOf(PrefixEvaluationException.class)
                .hasMessageContaining("evaluates to 513 characters; the limit is 512");
        assertThat(leading.evaluate(AUG_27, Map.of("k", "v".repeat(511)), null)).hasSize(512);
    }

    @Test
    void evaluatesTimestampsInTheGivenZone() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        long at = millis("2018-08-27T20:30:00Z");
        assertThat(
                        S3Prefix.parse(
                                        "t/!{timestamp:yyyy-MM-dd HH:mm XXX}/",
                                        PrefixKind.DATA,
                                        false,
                                        tokyo)
                                .evaluate(at, Map.of(), null))
                .isEqualTo("t/2018-08-28 05:30 +09:00/");
        assertThat(S3Prefix.parse(null, PrefixKind.DATA, false, tokyo).evaluate(at, Map.of(), null))
                .isEqualTo("2018/08/28/05/");
        assertThat(S3Prefix.parse(null, PrefixKind.DATA).evaluate(at, Map.of(), null))
                .isEqualTo("2018/08/27/20/");
        // Daylight saving time: New York is UTC-4 in summer and UTC-5 in winter.
        ZoneId newYork = ZoneId.of("America/New_York");
        S3Prefix ny =
                S3Prefix.parse("!{timestamp:yyyy-MM-dd'T'HH}/", PrefixKind.DATA, false, newYork);
        assertThat(ny.evaluate(millis("2024-07-01T12:00:00Z"), Map.of(), null))
                .isEqualTo("2024-07-01T08/");
        assertThat(ny.evaluate(millis("2024-01-01T12:00:00Z"), Map.of(), null))
                .isEqualTo("2024-01-01T07/");
        assertThat(
                        S3Prefixes.of("p/", null, false, tokyo)
                                .error()
                                .evaluate(at, Map.of(), ErrorOutputType.PROCESSING_FAILED))
                .isEqualTo("p/processing-failed/2018/08/28/05/");
    }

    @Test
    void usesEnglishNamesAndLiteralsInQuotes() {
        assertThat(
                        S3Prefix.parse("!{timestamp:EEE-MMM-'yyyy'-yyyy}/", PrefixKind.DATA)
                                .evaluate(AUG_27, Map.of(), null))
                .isEqualTo("Mon-Aug-yyyy-2018/");
        assertThat(
                        S3Prefix.parse("!{timestamp:DDD}/", PrefixKind.DATA)
                                .evaluate(AUG_27, Map.of(), null))
                .isEqualTo("239/");
    }

    @Test
    void randomStringIsElevenAlphanumericCharactersFreshEachTime() {
        S3Prefix prefix =
                S3Prefix.parse(
                        "!{firehose:random-string}/!{firehose:random-string}/!{timestamp:yyyy}",
                        PrefixKind.DATA);
        Pattern shape = Pattern.compile("([0-9a-z]{11})/([0-9a-z]{11})/2018");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            var m = shape.matcher(prefix.evaluate(AUG_27, Map.of(), null));
            assertThat(m.matches()).isTrue();
            assertThat(m.group(1)).isNotEqualTo(m.group(2));
            seen.add(m.group(1));
            seen.add(m.group(2));
        }
        assertThat(seen).hasSize(400);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        S3Prefix prefix =
                S3Prefix.parse(
                        "c=!{partitionKeyFromQuery:c}/!{timestamp:yyyy/MM}/",
                        PrefixKind.DATA,
                        true,
                        ZoneId.of("Asia/Tokyo"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(prefix);
        }
        S3Prefix copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (S3Prefix) in.readObject();
        }
        assertThat(copy).isEqualTo(prefix);
        assertThat(copy.partitionKeyNames()).containsExactly("c");
        assertThat(copy.evaluate(millis("2018-12-31T20:00:00Z"), Map.of("c", "x"), null))
                .isEqualTo("c=x/2019/01/");
    }

    @Test
    void literalBracesAndBangsOutsideExpressionsAreText() {
        for (String literal : List.of("a{b}/", "a!b/", "a}!/", "{x}/")) {
            assertThat(S3Prefix.parse(literal, PrefixKind.DATA).evaluate(AUG_27, Map.of(), null))
                    .isEqualTo(literal + "2018/08/27/10/");
        }
    }

    /**
     * Random prefixes built from random parts, each with its expected text computed without
     * DateTimeFormatter (from the date-time's fields), evaluated at random instants in random zones
     * with random partition keys.
     */
    @Test
    void evaluatesLikeAnIndependentEvaluation() {
        long seed = seed();
        Random random = new Random(seed);
        List<String> zones = ZoneId.getAvailableZoneIds().stream().sorted().toList();
        for (int round = 0; round < 500; round++) {
            boolean dynamic = random.nextBoolean();
            ZoneId zone =
                    random.nextInt(4) == 0
                            ? ZoneOffset.UTC
                            : ZoneId.of(zones.get(random.nextInt(zones.size())));
            // Years 1970 to 2999, so that yyyy is always four digits.
            long at = (long) (random.nextDouble() * 32_503_680_000_000L);
            ZonedDateTime time = Instant.ofEpochMilli(at).atZone(zone);
            ErrorOutputType type =
                    ErrorOutputType.values()[random.nextInt(ErrorOutputType.values().length)];

            StringBuilder data = new StringBuilder();
            StringBuilder expectedData = new StringBuilder();
            Map<String, String> keys = new HashMap<>();
            boolean timestamp = false;
            boolean hasKey = false;
            int parts = 1 + random.nextInt(6);
            for (int i = 0; i < parts || (dynamic && !hasKey); i++) {
                switch (random.nextInt(dynamic ? 4 : 3)) {
                    case 0 -> appendLiteral(random, data, expectedData);
                    case 1 -> {
                        TimeField field =
                                TimeField.values()[random.nextInt(TimeField.values().length)];
                        data.append("!{timestamp:").append(field.pattern).append('}');
                        expectedData.append(Pattern.quote(field.render(time)));
                        timestamp = true;
                    }
                    case 2 -> {
                        data.append("!{firehose:random-string}");
                        expectedData.append("[0-9a-z]{11}");
                    }
                    default -> {
                        String name = "k" + random.nextInt(5);
                        String value = keys.computeIfAbsent(name, k -> randomValue(random));
                        String namespace =
                                random.nextBoolean()
                                        ? "partitionKeyFromQuery"
                                        : "partitionKeyFromLambda";
                        data.append("!{").append(namespace).append(':').append(name).append('}');
                        expectedData.append(Pattern.quote(value));
                        hasKey = true;
                    }
                }
            }
            if (!timestamp && !dynamic) {
                expectedData.append(
                        Pattern.quote(
                                String.format(
                                        "%04d/%02d/%02d/%02d/",
                                        time.getYear(),
                                        time.getMonthValue(),
                                        time.getDayOfMonth(),
                                        time.getHour())));
            }

            StringBuilder error = new StringBuilder();
            StringBuilder expectedError = new StringBuilder();
            appendLiteral(random, error, expectedError);
            error.append("!{firehose:error-output-type}/");
            expectedError.append(Pattern.quote(type.prefixValue() + "/"));
            if (random.nextBoolean()) {
                TimeField field = TimeField.values()[random.nextInt(TimeField.values().length)];
                error.append("!{timestamp:").append(field.pattern).append('}');
                expectedError.append(Pattern.quote(field.render(time)));
            }

            String context =
                    String.format(
                            "seed %d (replay with -Dbrook.test.seed=%d), round %d: Prefix %s,"
                                    + " ErrorOutputPrefix %s, dynamic partitioning %s, zone %s,"
                                    + " at %d, keys %s",
                            seed, seed, round, data, error, dynamic, zone, at, keys);
            S3Prefixes prefixes = S3Prefixes.of(data.toString(), error.toString(), dynamic, zone);
            assertThat(prefixes.data().evaluate(at, keys, type))
                    .as(context)
                    .matches(Pattern.compile(expectedData.toString()));
            assertThat(prefixes.error().evaluate(at, Map.of(), type))
                    .as(context)
                    .matches(Pattern.compile(expectedError.toString()));
        }
    }

    /** Timestamp patterns and how to render them from a date-time's fields. */
    private enum TimeField {
        YEAR("yyyy") {
            String render(ZonedDateTime t) {
                return String.format("%04d", t.getYear());
            }
        },
        MONTH("MM") {
            String render(ZonedDateTime t) {
                return String.format("%02d", t.getMonthValue());
            }
        },
        DAY("dd") {
            String render(ZonedDateTime t) {
                return String.format("%02d", t.getDayOfMonth());
            }
        },
        HOUR("HH") {
            String render(ZonedDateTime t) {
                return String.format("%02d", t.getHour());
            }
        },
        MINUTE_SECOND("mm:ss") {
            String render(ZonedDateTime t) {
                return String.format("%02d:%02d", t.getMinute(), t.getSecond());
            }
        },
        DAY_OF_YEAR("DDD") {
            String render(ZonedDateTime t) {
                return String.format("%03d", t.getDayOfYear());
            }
        },
        HIVE_DATE("'year='yyyy'/month='MM'/day='dd/") {
            String render(ZonedDateTime t) {
                return String.format(
                        "year=%04d/month=%02d/day=%02d/",
                        t.getYear(), t.getMonthValue(), t.getDayOfMonth());
            }
        };

        final String pattern;

        TimeField(String pattern) {
            this.pattern = pattern;
        }

        abstract String render(ZonedDateTime time);
    }

    private static final String LITERAL_CHARS = "abcXYZ019_-=./{}";

    /** Literal text that never starts a prefix with '/' and never forms "!{". */
    private static void appendLiteral(Random random, StringBuilder text, StringBuilder expected) {
        int length = 1 + random.nextInt(8);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < length; i++) {
            char c = LITERAL_CHARS.charAt(random.nextInt(LITERAL_CHARS.length()));
            if (c == '/' && text.length() + literal.length() == 0) {
                c = 'a';
            }
            literal.append(c);
        }
        text.append(literal);
        expected.append(Pattern.quote(literal.toString()));
    }

    /** A partition-key value that is safe in a path: no "." or ".." segment, no leading '/'. */
    private static String randomValue(Random random) {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789-_=ü";
        int length = 1 + random.nextInt(10);
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < length; i++) {
            value.append(chars.charAt(random.nextInt(chars.length())));
        }
        if (random.nextInt(5) == 0) {
            value.append("/sub.dir");
        }
        return value.toString();
    }

    /** A random seed, or the one given with {@code -Dbrook.test.seed=...} to replay a failure. */
    private static long seed() {
        Long fixed = Long.getLong("brook.test.seed");
        return fixed != null ? fixed : new Random().nextLong();
    }

    static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** An exact expected prefix, with {@code <random>} standing for a random string. */
    static Pattern withRandom(String expected) {
        StringBuilder regex = new StringBuilder();
        String[] parts = expected.split(Pattern.quote(RANDOM), -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("[0-9a-z]{11}");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
