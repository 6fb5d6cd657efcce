package dev.brook.table;

import dev.brook.source.BrookDeserializationSchema;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * {@code 'scan.deserialization-errors' = 'route'}: the source emits each decoded row as a {@code
 * Left}, and each record the format could not decode as a {@code Right} holding its partition key
 * and its error record (JSON, see {@link DeserializationErrorRecord}), which {@link
 * DeserializationErrorRouter} right behind the source writes to the error stream.
 */
final class ErrorRoutingDeserializer
        implements BrookDeserializationSchema<Either<RowData, Tuple2<String, byte[]>>> {
    private static final long serialVersionUID = 1L;

    private final RowDataRecordDeserializer rows;
    private final String root;
    private final String stream;
    private transient int maxErrorRecordBytes;
    private transient Either.Left<RowData, Tuple2<String, byte[]>> left;

    ErrorRoutingDeserializer(RowDataRecordDeserializer rows, String root, String stream) {
        this.rows = rows;
        this.root = root;
        this.stream = stream;
    }

    /** The error record's type: (partition key, JSON). */
    static TypeInformation<Tuple2<String, byte[]>> errorType() {
        return Types.TUPLE(Types.STRING, Types.PRIMITIVE_ARRAY(Types.BYTE));
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        rows.open(context);
        try (BrookStore store = BrookStore.open(root)) {
            maxErrorRecordBytes = store.metadata(rows.errorHandling().stream()).maxRecordBytes();
        }
    }

    @Override
    public void deserialize(Record record, Collector<Either<RowData, Tuple2<String, byte[]>>> out)
            throws IOException {
        Throwable failure = rows.decode(record);
        if (failure == null) {
            // One Left, refilled: each collect hands the row on (copied, or used at once) before
            // the next.
            for (RowData row : rows.decoded()) {
                if (left == null) {
                    left = Either.Left.of(row);
                } else {
                    left.setValue(row);
                }
                out.collect(left);
            }
            return;
        }
        rows.failed(record, failure);
        byte[] json =
                DeserializationErrorRecord.json(
                        stream,
                        record,
                        DeserializationErrorRecord.reason(failure),
                        maxErrorRecordBytes);
        out.collect(Either.Right(Tuple2.of(record.partitionKey(), json)));
    }

    @Override
    public TypeInformation<Either<RowData, Tuple2<String, byte[]>>> getProducedType() {
        return new EitherTypeInfo<>(rows.getProducedType(), errorType());
    }
}
