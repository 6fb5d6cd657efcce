package dev.brook.source;

import dev.brook.store.Record;
import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Turns Brook records into the source's output. Sees the whole record (partition key, sequence
 * number, shard, arrival time), not just the data; {@link #of} adapts any Flink {@link
 * DeserializationSchema} that needs only the data.
 */
public interface BrookDeserializationSchema<T> extends Serializable, ResultTypeQueryable<T> {

    /**
     * What Brook's source reader opens a schema with: the format's context plus the reader's own
     * FLIP-33 metrics a schema may count in.
     */
    interface ReaderContext extends DeserializationSchema.InitializationContext {
        /** The source's {@code numRecordsInErrors}: records it could not turn into output. */
        Counter numRecordsInErrorsCounter();
    }

    default void open(DeserializationSchema.InitializationContext context) throws Exception {}

    void deserialize(Record record, Collector<T> out) throws IOException;

    static <T> BrookDeserializationSchema<T> of(DeserializationSchema<T> schema) {
        return new BrookDeserializationSchema<>() {
            @Override
            public void open(DeserializationSchema.InitializationContext context) throws Exception {
                schema.open(context);
            }

            @Override
            public void deserialize(Record record, Collector<T> out) throws IOException {
                schema.deserialize(record.data(), out);
            }

            @Override
            public TypeInformation<T> getProducedType() {
                return schema.getProducedType();
            }
        };
    }
}
