package dev.brook.firehose.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemasTest {

    @Test
    void parsesFlinkSqlColumnsIncludingNestedTypes() {
        RowType row =
                Schemas.parse(
                        "page STRING, user_id BIGINT NOT NULL, ts TIMESTAMP(3), tags ARRAY<STRING>,"
                                + " attrs MAP<STRING, INT>, geo ROW<lat DOUBLE, lon DOUBLE>,"
                                + " price DECIMAL(10, 2), `order` INT");

        assertThat(row.getFieldNames())
                .containsExactly("page", "user_id", "ts", "tags", "attrs", "geo", "price", "order");
        assertThat(row.getTypeAt(0)).isEqualTo(VarCharType.STRING_TYPE);
        assertThat(row.getTypeAt(1)).isEqualTo(new BigIntType(false));
        assertThat(row.getTypeAt(2)).isEqualTo(new TimestampType(3));
        assertThat(row.getTypeAt(3)).isEqualTo(new ArrayType(VarCharType.STRING_TYPE));
        assertThat(row.getTypeAt(4)).isEqualTo(new MapType(VarCharType.STRING_TYPE, new IntType()));
        assertThat(row.getTypeAt(5))
                .isEqualTo(
                        new RowType(
                                java.util.List.of(
                                        new RowType.RowField("lat", new DoubleType()),
                                        new RowType.RowField("lon", new DoubleType()))));
        assertThat(row.getTypeAt(6)).isEqualTo(new DecimalType(10, 2));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // the schema | what the message must contain
                "page STRING, ts TIMESTAMP(13) | column 2 'ts TIMESTAMP(13)'",
                "page STRNG, user_id BIGINT | column 'page' has unknown type STRNG",
                "page STRING, , n INT | column 2 is empty",
                "page STRING, n INT, | column 3 is empty",
                "page STRING, page INT | Field names must be unique",
                "page | column 1 'page'",
                "d DECIMAL(50, 2) | column 1 'd DECIMAL(50, 2)'",
                "t TIME | column 't' has type TIME(0), which format conversion does not support",
                "l TIMESTAMP_LTZ(3) | column 'l' has type TIMESTAMP_LTZ(3)",
                "m MAP<STRING, ROW<x INTERVAL YEAR>> | column 'm{value}.x' has type INTERVAL",
                "a ARRAY<FOO> | column 'a[]' has unknown type FOO",
                "n INT, timestamp TIMESTAMP(3) | column 2 'timestamp TIMESTAMP(3)' is not a valid column",
                "n INT, timestamp TIMESTAMP(3) | needs backticks",
            })
    void errorsNameTheColumn(String schema, String message) {
        assertThatThrownBy(() -> Schemas.parse(schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void emptySchemaIsRejected() {
        assertThatThrownBy(() -> Schemas.parse("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Schema is empty");
        assertThatThrownBy(() -> Schemas.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Schema is empty");
    }
}
