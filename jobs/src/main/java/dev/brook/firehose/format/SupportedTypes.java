package dev.brook.firehose.format;

import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.UnresolvedUserDefinedType;

/**
 * The column types format conversion handles: the Hive types Firehose's schemas use, which both the
 * JSON converter and Flink's Parquet and ORC writers support.
 */
final class SupportedTypes {

    static final String DESCRIPTION =
            "STRING/VARCHAR/CHAR, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE,"
                    + " DECIMAL(p,s), DATE, TIMESTAMP(p), BYTES/VARBINARY/BINARY, ARRAY<t>,"
                    + " MAP<k,v>, ROW<...>";

    private static final Set<LogicalTypeRoot> SCALARS =
            EnumSet.of(
                    LogicalTypeRoot.CHAR,
                    LogicalTypeRoot.VARCHAR,
                    LogicalTypeRoot.BOOLEAN,
                    LogicalTypeRoot.TINYINT,
                    LogicalTypeRoot.SMALLINT,
                    LogicalTypeRoot.INTEGER,
                    LogicalTypeRoot.BIGINT,
                    LogicalTypeRoot.FLOAT,
                    LogicalTypeRoot.DOUBLE,
                    LogicalTypeRoot.DECIMAL,
                    LogicalTypeRoot.DATE,
                    LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE,
                    LogicalTypeRoot.BINARY,
                    LogicalTypeRoot.VARBINARY);

    private SupportedTypes() {}

    /**
     * @throws IllegalArgumentException naming the column and the type when it is not supported
     */
    static void check(String column, LogicalType type) {
        if (type instanceof UnresolvedUserDefinedType) {
            throw new IllegalArgumentException(
                    "Schema column '"
                            + column
                            + "' has unknown type "
                            + Schemas.unresolvedName(type)
                            + "; supported types: "
                            + DESCRIPTION);
        }
        LogicalTypeRoot root = type.getTypeRoot();
        if (SCALARS.contains(root)) {
            return;
        }
        switch (root) {
            case ARRAY:
                check(column + "[]", type.getChildren().get(0));
                return;
            case MAP:
                MapType map = (MapType) type;
                check(column + "{key}", map.getKeyType());
                check(column + "{value}", map.getValueType());
                return;
            case ROW:
                RowType row = (RowType) type;
                for (RowType.RowField f : row.getFields()) {
                    check(column + "." + f.getName(), f.getType());
                }
                return;
            default:
                throw new IllegalArgumentException(
                        "Schema column '"
                                + column
                                + "' has type "
                                + type.asSummaryString()
                                + ", which format conversion does not support; supported types: "
                                + DESCRIPTION);
        }
    }
}
