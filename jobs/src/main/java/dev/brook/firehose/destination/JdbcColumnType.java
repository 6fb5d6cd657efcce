package dev.brook.firehose.destination;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The PostgreSQL column types the JDBC destination loads JSON into, with the Java value each
 * carries between the mapping and the sink and how it is bound to the statement.
 */
enum JdbcColumnType {
    SMALLINT(org.apache.flink.api.common.typeinfo.Types.SHORT, Types.SMALLINT),
    INTEGER(org.apache.flink.api.common.typeinfo.Types.INT, Types.INTEGER),
    BIGINT(org.apache.flink.api.common.typeinfo.Types.LONG, Types.BIGINT),
    REAL(org.apache.flink.api.common.typeinfo.Types.FLOAT, Types.REAL),
    DOUBLE(org.apache.flink.api.common.typeinfo.Types.DOUBLE, Types.DOUBLE),
    DECIMAL(org.apache.flink.api.common.typeinfo.Types.BIG_DEC, Types.NUMERIC),
    BOOLEAN(org.apache.flink.api.common.typeinfo.Types.BOOLEAN, Types.BOOLEAN),
    TEXT(org.apache.flink.api.common.typeinfo.Types.STRING, Types.VARCHAR),
    DATE(org.apache.flink.api.common.typeinfo.Types.LOCAL_DATE, Types.DATE),
    TIME(org.apache.flink.api.common.typeinfo.Types.LOCAL_TIME, Types.TIME),
    TIMESTAMP(org.apache.flink.api.common.typeinfo.Types.LOCAL_DATE_TIME, Types.TIMESTAMP),
    TIMESTAMPTZ(org.apache.flink.api.common.typeinfo.Types.INSTANT, Types.TIMESTAMP_WITH_TIMEZONE),
    /** json and jsonb: the JSON text, which PostgreSQL parses. */
    JSON(org.apache.flink.api.common.typeinfo.Types.STRING, Types.OTHER),
    UUID(org.apache.flink.api.common.typeinfo.Types.STRING, Types.OTHER);

    static final String SUPPORTED =
            "smallint, integer, bigint, real, double precision, numeric, boolean, char, varchar,"
                    + " text, date, time, timestamp, timestamptz, json, jsonb, uuid";

    private final TypeInformation<?> typeInfo;
    private final int sqlType;

    JdbcColumnType(TypeInformation<?> typeInfo, int sqlType) {
        this.typeInfo = typeInfo;
        this.sqlType = sqlType;
    }

    TypeInformation<?> typeInfo() {
        return typeInfo;
    }

    /** The type of a PostgreSQL type name as JDBC metadata gives it ({@code int4}, ...). */
    static Optional<JdbcColumnType> ofPostgres(String typeName) {
        return Optional.ofNullable(
                switch (typeName.toLowerCase(Locale.ROOT)) {
                    case "int2", "smallserial" -> SMALLINT;
                    case "int4", "serial" -> INTEGER;
                    case "int8", "bigserial" -> BIGINT;
                    case "float4" -> REAL;
                    case "float8" -> DOUBLE;
                    case "numeric" -> DECIMAL;
                    case "bool" -> BOOLEAN;
                    case "varchar", "bpchar", "text", "name" -> TEXT;
                    case "date" -> DATE;
                    case "time" -> TIME;
                    case "timestamp" -> TIMESTAMP;
                    case "timestamptz" -> TIMESTAMPTZ;
                    case "json", "jsonb" -> JSON;
                    case "uuid" -> UUID;
                    default -> null;
                });
    }

    void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, sqlType);
        } else if (this == TIMESTAMPTZ) {
            // The PostgreSQL driver binds OffsetDateTime, not Instant.
            ps.setObject(index, ((Instant) value).atOffset(ZoneOffset.UTC), sqlType);
        } else {
            ps.setObject(index, value, sqlType);
        }
    }
}
