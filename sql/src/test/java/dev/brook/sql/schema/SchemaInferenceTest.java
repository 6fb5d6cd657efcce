package dev.brook.sql.schema;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.sql.schema.SchemaInference.RecordFormat;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaInferenceTest {
    /** Replay a failing property with -Dbrook.test.seed=SEED. */
    private static final long SEED = Long.getLong("brook.test.seed", new Random().nextLong());

    private static List<byte[]> records(String... lines) {
        return Stream.of(lines).map(l -> l.getBytes(UTF_8)).toList();
    }

    private static Map<String, String> types(InferredSchema s) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        s.fields().forEach((k, v) -> m.put(k, v.sql()));
        return m;
    }

    private static InferredSchema json(String... lines) {
        return SchemaInference.infer(records(lines), RecordFormat.JSON);
    }

    @Test
    void jsonScalarsWidenAcrossRecords() {
        InferredSchema s =
                json(
                        "{\"id\": 1, \"big\": 5, \"ok\": true, \"price\": 19.99, \"temp\": 20.5,"
                                + " \"day\": \"2024-05-01\", \"name\": \"a\", \"maybe\": null}",
                        "{\"id\": 2, \"big\": 3000000000, \"ok\": false, \"price\": 5.00,"
                                + " \"temp\": 22.25, \"day\": \"2024-05-02\", \"name\": 7,"
                                + " \"extra\": 1e3}");
        assertThat(types(s))
                .containsExactly(
                        Map.entry("id", "INT"),
                        Map.entry("big", "BIGINT"),
                        Map.entry("ok", "BOOLEAN"),
                        Map.entry("price", "DECIMAL(10, 2)"),
                        Map.entry("temp", "DOUBLE"),
                        Map.entry("day", "DATE"),
                        Map.entry("name", "STRING"),
                        Map.entry("maybe", "STRING"),
                        Map.entry("extra", "DOUBLE"));
    }

    @Test
    void integersTooBigForBigintAreDecimalsThenDoubles() {
        assertThat(types(json("{\"n\": 123456789012345678901234}")))
                .containsEntry("n", "DECIMAL(24, 0)");
        assertThat(types(json("{\"n\": 1" + "0".repeat(40) + "}"))).containsEntry("n", "DOUBLE");
        assertThat(types(json("{\"n\": 1.5}", "{\"n\": 99999999999999}")))
                .containsEntry("n", "DECIMAL(19, 1)");
    }

    @Test
    void nestedObjectsAndArraysAreRowsAndArrays() {
        InferredSchema s =
                json(
                        "{\"user\": {\"id\": 1, \"tags\": [\"a\"]}, \"scores\": [1, 2]}",
                        "{\"user\": {\"id\": 2, \"home\": {\"city\": \"Oslo\"}}, \"scores\": [],"
                                + " \"mixed\": [1, \"x\"]}");
        assertThat(types(s))
                .containsExactly(
                        Map.entry(
                                "user",
                                "ROW<`id` INT, `tags` ARRAY<STRING>, `home` ROW<`city` STRING>>"),
                        Map.entry("scores", "ARRAY<INT>"),
                        Map.entry("mixed", "ARRAY<STRING>"));
        // A field that is an object in one record and a number in another: its JSON text.
        assertThat(types(json("{\"a\": {\"b\": 1}}", "{\"a\": 2}"))).containsEntry("a", "STRING");
    }

    @Test
    void timestampsTakeTheLayoutTheFormatReads() {
        InferredSchema sql =
                json("{\"ts\": \"2024-05-01 10:00:00\", \"at\": \"2024-05-01 10:00:00.123Z\"}");
        assertThat(types(sql))
                .containsEntry("ts", "TIMESTAMP(3)")
                .containsEntry("at", "TIMESTAMP_LTZ(3)");
        assertThat(sql.formatOptions()).containsExactly(Map.entry("format", "json"));

        InferredSchema iso =
                json(
                        "{\"a\": \"2024-05-01T10:00:00\", \"b\": \"2024-05-01T10:00:00.5Z\","
                                + " \"c\": \"2024-05-01 10:00:00\"}");
        assertThat(types(iso))
                .containsEntry("a", "TIMESTAMP(3)")
                .containsEntry("b", "TIMESTAMP_LTZ(3)")
                .containsEntry("c", "STRING"); // one layout per table: the commoner wins
        assertThat(iso.formatOptions()).containsEntry("json.timestamp-format.standard", "ISO-8601");

        // CSV reads only the layout with a space; dates mixed with timestamps are strings.
        InferredSchema csv =
                SchemaInference.infer(
                        records("2024-05-01T10:00:00,2024-05-01 10:00:00,2024-05-01"),
                        RecordFormat.CSV);
        assertThat(types(csv))
                .containsExactly(
                        Map.entry("f0", "STRING"),
                        Map.entry("f1", "TIMESTAMP(3)"),
                        Map.entry("f2", "DATE"));
        assertThat(types(json("{\"d\": \"2024-05-01\"}", "{\"d\": \"2024-05-01 10:00:00\"}")))
                .containsEntry("d", "STRING");
    }

    @Test
    void csvValuesAreReadFromTheirText() {
        InferredSchema s =
                SchemaInference.infer(
                        records(
                                "u1,42,19.99,true,007,\"a, quoted\",,1.5e3",
                                "u2,-7,5.10,false,012,plain,x,2"),
                        SchemaInference.detect(records("u1,42", "{\"a\": 1}")));
        assertThat(s.format()).isEqualTo(RecordFormat.CSV);
        assertThat(types(s))
                .containsExactly(
                        Map.entry("f0", "STRING"),
                        Map.entry("f1", "INT"),
                        Map.entry("f2", "DECIMAL(10, 2)"),
                        Map.entry("f3", "BOOLEAN"),
                        Map.entry("f4", "STRING"), // leading zeros: an id, not a number
                        Map.entry("f5", "STRING"),
                        Map.entry("f6", "STRING"),
                        Map.entry("f7", "DOUBLE"));
        assertThat(SchemaInference.detect(records("{\"a\": 1}", " {\"b\": 2} ")))
                .isEqualTo(RecordFormat.JSON);
    }

    @Test
    void watermarkGoesOnTheBestTimeColumn() {
        InferredSchema named =
                json(
                        "{\"created_at\": \"2024-05-01 10:00:00\", \"ts\": \"2024-05-01"
                                + " 10:00:01\", \"birthday\": \"2000-01-01 00:00:00\"}");
        assertThat(named.timeColumn()).isEqualTo("ts");

        InferredSchema millis = json("{\"ts\": 1714557600000, \"count\": 1714557600000}");
        assertThat(millis.timeColumn()).isEqualTo("ts_time");
        assertThat(types(millis)).containsEntry("ts", "BIGINT");
        assertThat(millis.createTable("t", "file:///r", "s"))
                .contains("`ts_time` AS TO_TIMESTAMP_LTZ(`ts`, 3),")
                .doesNotContain("count_time");

        InferredSchema none = json("{\"birthday\": \"2000-01-01 00:00:00\", \"n\": 1}");
        assertThat(none.timeColumn()).isEqualTo("arrival_time");

        InferredSchema clash = json("{\"arrival_time\": \"x\"}");
        assertThat(clash.timeColumn()).isEqualTo("arrival_time_2");

        InferredSchema csv =
                SchemaInference.infer(
                        records("a,2024-05-01 10:00:00,2024-05-01 11:00:00"), RecordFormat.CSV);
        assertThat(csv.timeColumn()).isEqualTo("f1");
    }

    @Test
    void theStatementQuotesNamesAndLiterals() {
        String ddl =
                json("{\"timestamp\": \"2024-05-01 10:00:00\", \"page-id\": 1, \"we`ird\": 2}")
                        .createTable("my-stream", "file:///data/it's", "my-stream");
        assertThat(ddl)
                .isEqualTo(
                        "CREATE TABLE `my-stream` (\n"
                                + "  `timestamp` TIMESTAMP(3),\n"
                                + "  `page-id` INT,\n"
                                + "  `we``ird` INT,\n"
                                + "  `arrival_time` TIMESTAMP_LTZ(3) METADATA FROM"
                                + " 'arrival_time' VIRTUAL,\n"
                                + "  WATERMARK FOR `timestamp` AS `timestamp` - INTERVAL '5'"
                                + " SECOND\n"
                                + ") WITH (\n"
                                + "  'connector' = 'brook',\n"
                                + "  'root' = 'file:///data/it''s',\n"
                                + "  'stream' = 'my-stream',\n"
                                + "  'format' = 'json'\n"
                                + ")");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> SchemaInference.infer(List.of(), RecordFormat.JSON))
                .hasMessageContaining("no records");
        assertThatThrownBy(() -> json("{\"a\": 1}", "not json"))
                .hasMessageContaining("record 2 of the sample is not a JSON object: 'not json'")
                .hasMessageContaining("--format csv");
        assertThatThrownBy(() -> SchemaInference.infer(records("a,\"b"), RecordFormat.CSV))
                .hasMessageContaining("record 1 of the sample is not a CSV line");
    }

    // ---- properties -------------------------------------------------------------------------

    /** A random JSON value of a random kind, nested up to {@code depth}. */
    private static String randomJson(Random rnd, int depth) {
        switch (rnd.nextInt(depth > 0 ? 11 : 9)) {
            case 0:
                return "null";
            case 1:
                return rnd.nextBoolean() ? "true" : "false";
            case 2:
                return Integer.toString(rnd.nextInt());
            case 3:
                return Long.toString(rnd.nextLong());
            case 4:
                return new BigInteger(100, rnd).toString();
            case 5:
                return (rnd.nextInt(100000) - 50000)
                        + "."
                        + String.format("%02d", rnd.nextInt(100));
            case 6:
                return Double.toString(rnd.nextGaussian() * 1e6);
            case 7:
                return String.format(
                        "\"2024-%02d-%02d%s10:00:0%d%s\"",
                        1 + rnd.nextInt(12),
                        1 + rnd.nextInt(28),
                        rnd.nextBoolean() ? " " : "T",
                        rnd.nextInt(10),
                        rnd.nextBoolean() ? "Z" : "");
            case 8:
                return "\"s" + rnd.nextInt(100) + "\"";
            case 9:
                List<String> items = new ArrayList<>();
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    items.add(randomJson(rnd, depth - 1));
                }
                return "[" + String.join(", ", items) + "]";
            default:
                return randomObject(rnd, depth - 1);
        }
    }

    private static String randomObject(Random rnd, int depth) {
        List<String> fields = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "ts")) {
            if (rnd.nextInt(4) > 0) {
                fields.add("\"" + name + "\": " + randomJson(rnd, depth));
            }
        }
        return "{" + String.join(", ", fields) + "}";
    }

    @Test
    void theInferredSchemaDoesNotDependOnTheRecordsOrder() {
        Random rnd = new Random(SEED);
        for (int round = 0; round < 300; round++) {
            List<byte[]> sample = new ArrayList<>();
            for (int i = 1 + rnd.nextInt(6); i > 0; i--) {
                sample.add(randomObject(rnd, 2).getBytes(UTF_8));
            }
            InferredSchema inOrder = SchemaInference.infer(sample, RecordFormat.JSON);
            List<byte[]> shuffled = new ArrayList<>(sample);
            Collections.shuffle(shuffled, rnd);
            InferredSchema other = SchemaInference.infer(shuffled, RecordFormat.JSON);
            // Equal types (field order, which is the order first seen, aside).
            assertThat(other.fields())
                    .as("seed %d, round %d", SEED, round)
                    .isEqualTo(inOrder.fields());
        }
    }

    @Test
    void widenIsCommutativeAssociativeAndAbsorbsNull() throws Exception {
        Random rnd = new Random(SEED);
        var mapper = SchemaInference.jsonMapper();
        for (int round = 0; round < 2000; round++) {
            FieldType a = FieldType.ofJson(mapper.readTree(randomJson(rnd, 2)));
            FieldType b = FieldType.ofJson(mapper.readTree(randomJson(rnd, 2)));
            FieldType c = FieldType.ofJson(mapper.readTree(randomJson(rnd, 2)));
            String at = "seed " + SEED + ", round " + round + ": " + a + ", " + b + ", " + c;
            assertThat(a.widen(b)).as(at).isEqualTo(b.widen(a));
            assertThat(a.widen(b).widen(c)).as(at).isEqualTo(a.widen(b.widen(c)));
            assertThat(a.widen(FieldType.NULL)).as(at).isEqualTo(a);
            assertThat(a.widen(a)).as(at).isEqualTo(a);
            // Widening never narrows: widening again with either side changes nothing.
            assertThat(a.widen(b).widen(a)).as(at).isEqualTo(a.widen(b));
        }
    }

    @Test
    void integerTypesAreTheNarrowestThatHoldEveryValue() {
        Random rnd = new Random(SEED);
        for (int round = 0; round < 500; round++) {
            List<String> values = new ArrayList<>();
            BigInteger min = null;
            BigInteger max = null;
            for (int i = 1 + rnd.nextInt(5); i > 0; i--) {
                BigInteger v = new BigInteger(1 + rnd.nextInt(80), rnd);
                v = rnd.nextBoolean() ? v.negate() : v;
                values.add("{\"n\": " + v + "}");
                min = min == null ? v : min.min(v);
                max = max == null ? v : max.max(v);
            }
            String expected;
            if (min.compareTo(BigInteger.valueOf(Integer.MIN_VALUE)) >= 0
                    && max.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) <= 0) {
                expected = "INT";
            } else if (min.compareTo(BigInteger.valueOf(Long.MIN_VALUE)) >= 0
                    && max.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) <= 0) {
                expected = "BIGINT";
            } else {
                int digits = Math.max(min.abs().toString().length(), max.abs().toString().length());
                expected = "DECIMAL(" + digits + ", 0)";
            }
            assertThat(types(json(values.toArray(new String[0]))))
                    .as("seed %d: %s", SEED, values)
                    .containsEntry("n", expected);
        }
    }
}
