package dev.brook.source.reader;

import dev.brook.source.BrookDeserializationSchema;
import dev.brook.source.split.BrookShardSplitState;
import dev.brook.store.Record;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Deserializes a record, emits the results with the record's arrival time as their timestamp (a
 * {@code WatermarkStrategy} may assign another), and moves the split's offset past it.
 */
final class BrookRecordEmitter<T> implements RecordEmitter<Record, T, BrookShardSplitState> {
    private final BrookDeserializationSchema<T> schema;
    private final Counter bytesIn;
    private final TimestampedCollector<T> collector = new TimestampedCollector<>();

    BrookRecordEmitter(BrookDeserializationSchema<T> schema, Counter bytesIn) {
        this.schema = schema;
        this.bytesIn = bytesIn;
    }

    @Override
    public void emitRecord(Record record, SourceOutput<T> output, BrookShardSplitState state)
            throws Exception {
        collector.output = output;
        collector.timestamp = record.arrivalMillis();
        schema.deserialize(record, collector);
        state.setNextOffset(record.offset() + 1);
        bytesIn.inc(record.dataLength());
    }

    private static final class TimestampedCollector<T> implements Collector<T> {
        SourceOutput<T> output;
        long timestamp;

        @Override
        public void collect(T value) {
            output.collect(value, timestamp);
        }

        @Override
        public void close() {}
    }
}
