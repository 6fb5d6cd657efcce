package dev.brook.table;

import dev.brook.store.Record;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

/** The metadata columns a Brook table can read: what Kinesis returns with every record. */
enum BrookMetadata {
    PARTITION_KEY("partition_key", DataTypes.STRING().notNull()) {
        @Override
        Object read(Record r) {
            return StringData.fromString(r.partitionKey());
        }
    },
    SEQUENCE_NUMBER("sequence_number", DataTypes.STRING().notNull()) {
        @Override
        Object read(Record r) {
            return StringData.fromString(r.sequenceNumber().toString());
        }
    },
    SHARD_ID("shard_id", DataTypes.STRING().notNull()) {
        @Override
        Object read(Record r) {
            return StringData.fromString(r.shardId());
        }
    },
    ARRIVAL_TIME("arrival_time", DataTypes.TIMESTAMP_LTZ(3).notNull()) {
        @Override
        Object read(Record r) {
            return TimestampData.fromEpochMillis(r.arrivalMillis());
        }
    };

    /** The only metadata a sink writes: the record's partition key. */
    static final String WRITABLE_PARTITION_KEY = "partition_key";

    final String key;
    final DataType type;

    BrookMetadata(String key, DataType type) {
        this.key = key;
        this.type = type;
    }

    /** The value in Flink's internal representation. */
    abstract Object read(Record r);

    static Map<String, DataType> readable() {
        Map<String, DataType> m = new LinkedHashMap<>();
        for (BrookMetadata md : values()) {
            m.put(md.key, md.type);
        }
        return m;
    }

    static BrookMetadata of(String key) {
        for (BrookMetadata md : values()) {
            if (md.key.equals(key)) {
                return md;
            }
        }
        throw new ValidationException(
                "unknown metadata key '"
                        + key
                        + "': a brook table reads partition_key, sequence_number, shard_id and"
                        + " arrival_time");
    }
}
