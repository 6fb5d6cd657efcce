package dev.brook.firehose.destination;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class JsonRowMapperTest {
    private static final List<JdbcColumn> COLUMNS =
            List.of(
                    new JdbcColumn("id", JdbcColumnType.TEXT, "text", false, 0, 0),
                    new JdbcColumn("Count", JdbcColumnType.SMALLINT, "int2", true, 0, 0),
                    new JdbcColumn("price", JdbcColumnType.DECIMAL, "numeric", true, 5, 2),
                    new JdbcColumn("day", JdbcColumnType.DATE, "date", true, 0, 0),
                    new JdbcColumn("seen", JdbcColumnType.TIMESTAMP, "timestamp", true, 0, 0),
                    new JdbcColumn("at", JdbcColumnType.TIMESTAMPTZ, "timestamptz", true, 0, 0),
                    new JdbcColumn("code", JdbcColumnType.TEXT, "varchar", true, 3, 0),
                    new JdbcColumn("doc", JdbcColumnType.JSON, "jsonb", true, 0, 0),
                    new JdbcColumn("ok", JdbcColumnType.BOOLEAN, "bool", true, 0, 0));
    private final JsonRowMapper mapper = new JsonRowMapper(COLUMNS, Set.of("id"));

    private Row map(String json) throws JdbcMappingException {
        return mapper.map(json.getBytes(UTF_8));
    }

    @Test
    void keysMatchColumnsInAnyCaseAndMissingOnesAreNull() throws Exception {
        Row row =
                map(
                        "{\"ID\":\"a\",\"count\":7,\"PRICE\":\"123.45\",\"day\":\"2024-02-29\","
                                + "\"seen\":\"2024-02-29 10:11:12.5\",\"at\":\"2024-02-29T10:00:00+02:00\","
                                + "\"doc\":{\"k\":[1,2]},\"ok\":\"t\",\"extra\":1}");
        assertThat(row.getField(0)).isEqualTo("a");
        assertThat(row.getField(1)).isEqualTo((short) 7);
        assertThat(row.getField(2)).isEqualTo(new BigDecimal("123.45"));
        assertThat(row.getField(3)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(row.getField(4))
                .isEqualTo(LocalDateTime.of(2024, 2, 29, 10, 11, 12, 500_000_000));
        assertThat(row.getField(5)).isEqualTo(Instant.parse("2024-02-29T08:00:00Z"));
        assertThat(row.getField(6)).isNull();
        assertThat(row.getField(7)).isEqualTo("{\"k\":[1,2]}");
        assertThat(row.getField(8)).isEqualTo(true);
    }

    @Test
    void valuesTheColumnCannotHoldAreRejectedNamingColumnAndLimit() {
        assertThatThrownBy(() -> map("{\"id\":\"a\",\"count\":40000}"))
                .hasMessageContaining("column Count (int2)")
                .hasMessageContaining("out of range -32768 to 32767");
        assertThatThrownBy(() -> map("{\"id\":\"a\",\"count\":1.5}"))
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> map("{\"id\":\"a\",\"price\":1234.5}"))
                .hasMessageContaining("more than 3 digits before the point for numeric(5,2)");
        assertThatThrownBy(() -> map("{\"id\":\"a\",\"code\":\"abcd\"}"))
                .hasMessageContaining("holds at most 3 characters, the value has 4");
        assertThatThrownBy(() -> map("{\"id\":\"a\",\"day\":\"29/02/2024\"}"))
                .isInstanceOf(JdbcMappingException.class)
                .hasMessageContaining("column day (date)");
        assertThatThrownBy(() -> map("{\"count\":1}"))
                .hasMessageContaining("column id is NOT NULL and the record has no value");
        assertThatThrownBy(() -> map("{\"id\":\"a\\u0000b\"}")).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> map("not json"))
                .satisfies(
                        e ->
                                assertThat(((JdbcMappingException) e).errorCode())
                                        .isEqualTo(JdbcMappingException.INVALID_JSON));
        assertThatThrownBy(() -> map("42"))
                .satisfies(
                        e ->
                                assertThat(((JdbcMappingException) e).errorCode())
                                        .isEqualTo(JdbcMappingException.NOT_AN_OBJECT));
    }

    @Test
    void theUpsertStatementQuotesNamesAndUpdatesTheNonKeyColumns() {
        String sql = JdbcTable.insertStatement("s.t", COLUMNS.subList(0, 2), Set.of("id"));
        assertThat(sql)
                .isEqualTo(
                        "INSERT INTO s.t (\"id\", \"Count\") VALUES (?, ?) ON CONFLICT (\"id\")"
                                + " DO UPDATE SET \"Count\" = EXCLUDED.\"Count\"");
        assertThat(JdbcTable.insertStatement("t", COLUMNS.subList(0, 1), Set.of("id")))
                .endsWith("ON CONFLICT (\"id\") DO NOTHING");
        assertThat(JdbcTable.insertStatement("t", COLUMNS.subList(0, 1), Set.of()))
                .isEqualTo("INSERT INTO t (\"id\") VALUES (?)");
    }
}
