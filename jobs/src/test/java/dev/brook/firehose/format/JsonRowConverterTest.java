package dev.brook.firehose.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonRowConverterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Every supported type; 'mapped' reads JSON key 'timestamp', 'a_b' reads 'a.b' with dots on.
     */
    static final RowType SCHEMA =
            Schemas.parse(
                    "s STRING, b BOOLEAN, ti TINYINT, si SMALLINT, i INT, l BIGINT, f FLOAT,"
                            + " d DOUBLE, amount DECIMAL(12, 3), dt DATE, ts TIMESTAMP(3),"
                            + " ts9 TIMESTAMP(9), bin BYTES, tags ARRAY<STRING>,"
                            + " attrs MAP<STRING, INT>, geo ROW<lat DOUBLE, City STRING>,"
                            + " items ARRAY<ROW<name STRING, qty INT>>, mapped STRING, a_b STRING");

    /**
     * Random rows of {@link #SCHEMA} written as JSON the ways Firehose's OpenX SerDe accepts (keys
     * in varied case, mapped and dotted keys, numbers as strings, every timestamp form, missing
     * keys and nulls, unknown keys) convert back to the same rows.
     */
    @Test
    void randomRecordsConvertToTheirRows() throws Exception {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        for (int options = 0; options < 4; options++) {
            boolean caseInsensitive = (options & 1) == 0;
            boolean dots = (options & 2) != 0;
            JsonRowConverter converter =
                    InstantiationUtil.clone(
                            new JsonRowConverter(
                                    SCHEMA,
                                    new OpenXJsonOptions(
                                            caseInsensitive, Map.of("mapped", "timestamp"), dots)),
                            getClass().getClassLoader());
            for (int n = 0; n < 300; n++) {
                RandomRecord record = new RandomRecord(SCHEMA, rnd, caseInsensitive, dots);
                byte[] json = MAPPER.writeValueAsBytes(record.json);
                RowData row = converter.convert(json);
                assertThat(JavaValues.row(row, SCHEMA))
                        .as(
                                "seed %s, caseInsensitive %s, dots %s, record %s",
                                seed,
                                caseInsensitive,
                                dots,
                                new String(json, StandardCharsets.UTF_8))
                        .isEqualTo(record.expected);
            }
        }
    }

    @Test
    void defaultsAreFirehoses() {
        OpenXJsonOptions defaults = OpenXJsonOptions.defaults();
        assertThat(defaults.caseInsensitive()).isTrue();
        assertThat(defaults.columnToJsonKeyMappings()).isEmpty();
        assertThat(defaults.convertDotsInJsonKeysToUnderscores()).isFalse();
    }

    @Test
    void stringColumnsKeepNestedJsonAsText() throws Exception {
        JsonRowConverter converter =
                new JsonRowConverter(Schemas.parse("s STRING"), OpenXJsonOptions.defaults());
        RowData row = converter.convert(utf8("{\"S\": {\"a\": [1, \"x\"]}}"));
        assertThat(row.getString(0).toString()).isEqualTo("{\"a\":[1,\"x\"]}");
    }

    @Test
    void timestampFormsFirehoseDocuments() throws Exception {
        JsonRowConverter converter =
                new JsonRowConverter(Schemas.parse("t TIMESTAMP(9)"), OpenXJsonOptions.defaults());
        assertThat(timestamp(converter, "\"2017-02-07T15:13:01.39256Z\""))
                .isEqualTo(LocalDateTime.parse("2017-02-07T15:13:01.39256"));
        assertThat(timestamp(converter, "\"2017-2-7 15:13:01.14\""))
                .isEqualTo(LocalDateTime.parse("2017-02-07T15:13:01.14"));
        assertThat(timestamp(converter, "1518033528"))
                .isEqualTo(LocalDateTime.parse("2018-02-07T19:58:48"));
        assertThat(timestamp(converter, "1518033528123"))
                .isEqualTo(LocalDateTime.parse("2018-02-07T19:58:48.123"));
        assertThat(timestamp(converter, "1518033528.123"))
                .isEqualTo(LocalDateTime.parse("2018-02-07T19:58:48.123"));
        assertThat(timestamp(converter, "\"1518033528123\""))
                .isEqualTo(LocalDateTime.parse("2018-02-07T19:58:48.123"));

        JsonRowConverter seconds =
                new JsonRowConverter(Schemas.parse("t TIMESTAMP(0)"), OpenXJsonOptions.defaults());
        assertThat(timestamp(seconds, "\"2017-02-07T15:13:01.999Z\""))
                .as("fractions are cut to the column's precision")
                .isEqualTo(LocalDateTime.parse("2017-02-07T15:13:01"));
    }

    @Test
    void recordsMayHoldSeveralDocuments() throws Exception {
        JsonRowConverter converter =
                new JsonRowConverter(Schemas.parse("a INT"), OpenXJsonOptions.defaults());
        List<RowData> rows = converter.convertAll(utf8("{\"a\":1}{\"a\":2}\n{\"A\":3}\n"));
        assertThat(rows).extracting(r -> r.getInt(0)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> converter.convert(utf8("{\"a\":1}{\"a\":2}")))
                .isInstanceOf(FormatConversionException.class)
                .hasMessageContaining("more than one JSON document");
    }

    @Test
    void duplicateKeysLastOneWins() throws Exception {
        JsonRowConverter converter =
                new JsonRowConverter(Schemas.parse("a INT"), OpenXJsonOptions.defaults());
        assertThat(converter.convert(utf8("{\"a\":1,\"A\":2}")).getInt(0)).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // record | field (empty: the whole record) | the message contains
                "{\"s\": | | Record is not valid JSON at line 1",
                "'' | | Record is empty",
                "[1, 2] | | Record is a JSON array, expected a JSON object",
                "{\"i\": \"12x\"} | i | cannot convert '12x' to INT: not a whole number",
                "{\"i\": 1.5} | i | cannot convert 1.5 to INT: not a whole number",
                "{\"i\": 3000000000} | i | out of range [-2147483648, 2147483647]",
                "{\"ti\": 300} | ti | cannot convert 300 to TINYINT: out of range [-128, 127]",
                "{\"l\": 99999999999999999999} | l | out of range",
                "{\"i\": true} | i | cannot convert true to INT",
                "{\"i\": [1]} | i | expected INT but got a JSON array",
                "{\"b\": \"yes\"} | b | cannot convert 'yes' to BOOLEAN: expected true or false",
                "{\"d\": \"abc\"} | d | cannot convert 'abc' to DOUBLE: not a number",
                "{\"amount\": 123456.7} | amount | to DECIMAL(5, 2): more than 3 digits before the point",
                "{\"amount\": \"x\"} | amount | cannot convert 'x' to DECIMAL(5, 2): not a number",
                "{\"v\": \"abcdef\"} | v | 6 characters, longer than 5",
                "{\"dt\": \"2024-02-30\"} | dt | expected a date as yyyy-MM-dd",
                "{\"ts\": \"yesterday\"} | ts | cannot convert 'yesterday' to TIMESTAMP(3): expected yyyy-MM-dd'T'HH:mm:ss[.S]Z",
                "{\"ts\": {\"a\": 1}} | ts | expected TIMESTAMP(3) but got a JSON object",
                "{\"bin\": \"***\"} | bin | expected base64",
                "{\"tags\": \"x\"} | tags | expected a JSON array but got 'x'",
                "{\"nn\": [1, \"x\"]} | nn[1] | cannot convert 'x' to INT NOT NULL: not a whole number",
                "{\"items\": [{\"qty\": 1}, 5]} | items[1] | Value is 5, expected a JSON object",
                "{\"attrs\": [1]} | attrs | expected a JSON object but got a JSON array",
                "{\"attrs\": {\"k\": \"v\"}} | attrs['k'] | cannot convert 'v' to INT",
                "{\"geo\": 5} | geo | Value is 5, expected a JSON object",
                "{\"geo\": {\"lat\": \"north\"}} | geo.lat | cannot convert 'north' to DOUBLE",
                "{\"items\": [{\"qty\": 1}, {\"qty\": \"many\"}]} | items[1].qty | cannot convert 'many' to INT",
                "{\"req\": null} | req | is NOT NULL but missing or null",
                "{\"nn\": [1, null]} | nn[1] | is NOT NULL but the value is null",
            })
    void errorsNameTheFieldAndTheValue(String json, String field, String message) {
        RowType schema =
                Schemas.parse(
                        "i INT, ti TINYINT, l BIGINT, b BOOLEAN, d DOUBLE, amount DECIMAL(5, 2),"
                                + " v VARCHAR(5), dt DATE, ts TIMESTAMP(3), bin BYTES,"
                                + " tags ARRAY<STRING>, attrs MAP<STRING, INT>,"
                                + " geo ROW<lat DOUBLE>, items ARRAY<ROW<qty INT>>,"
                                + " nn ARRAY<INT NOT NULL>, req STRING NOT NULL");
        String record =
                json.contains("req") || json.isEmpty() || !json.startsWith("{")
                        ? json
                        : json.substring(0, json.length() - 1) + ", \"req\": \"present\"}";
        JsonRowConverter converter = new JsonRowConverter(schema, OpenXJsonOptions.defaults());
        assertThatThrownBy(() -> converter.convert(utf8(record)))
                .isInstanceOfSatisfying(
                        FormatConversionException.class,
                        e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(message);
    }

    @Test
    void missingNotNullColumnIsAnError() {
        JsonRowConverter converter =
                new JsonRowConverter(
                        Schemas.parse("a INT, req STRING NOT NULL"), OpenXJsonOptions.defaults());
        assertThatThrownBy(() -> converter.convert(utf8("{\"a\": 1}")))
                .isInstanceOf(FormatConversionException.class)
                .hasMessage("Field 'req': is NOT NULL but missing or null in the record");
    }

    @Test
    void longValuesAreShortenedInMessages() {
        JsonRowConverter converter =
                new JsonRowConverter(Schemas.parse("i INT"), OpenXJsonOptions.defaults());
        String longValue = "x".repeat(5000);
        assertThatThrownBy(() -> converter.convert(utf8("{\"i\": \"" + longValue + "\"}")))
                .isInstanceOf(FormatConversionException.class)
                .hasMessageContaining("... (5000 characters)")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    }

    @Test
    void invalidConfigurationIsRejectedUpFront() {
        RowType schema = Schemas.parse("ts STRING, Name STRING, name_x STRING");
        assertThatThrownBy(
                        () ->
                                new JsonRowConverter(
                                        schema,
                                        new OpenXJsonOptions(
                                                true, Map.of("tss", "timestamp"), false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names column 'tss', which is not in the schema");
        assertThatThrownBy(
                        () ->
                                new JsonRowConverter(
                                        Schemas.parse("a STRING, A INT"),
                                        OpenXJsonOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Columns 'a' and 'A' would both read JSON key 'a'");
        assertThatThrownBy(
                        () ->
                                new JsonRowConverter(
                                        schema,
                                        new OpenXJsonOptions(true, Map.of("ts", "name"), false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("would both read JSON key 'name'");
        assertThatThrownBy(() -> new OpenXJsonOptions(true, Map.of("ts", " "), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maps column 'ts' to an empty JSON key");
        // Case-sensitive: the two columns read different keys.
        new JsonRowConverter(
                Schemas.parse("a STRING, A INT"), new OpenXJsonOptions(false, Map.of(), false));
    }

    private static LocalDateTime timestamp(JsonRowConverter converter, String json)
            throws FormatConversionException {
        return converter
                .convert(utf8("{\"t\": " + json + "}"))
                .getTimestamp(0, 9)
                .toLocalDateTime();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
