package dev.brook.firehose.job;

import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.metrics.FirehoseMetrics;
import dev.brook.source.BrookDeserializationSchema;
import dev.brook.store.Record;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;

/**
 * A Brook record as a Firehose record: id {@code <shardId>:<sequenceNumber>} (stable across
 * replays), the store's arrival time, the data. Counts {@code IncomingRecords} and {@code
 * IncomingBytes}.
 */
final class FirehoseRecordDeserializer implements BrookDeserializationSchema<FirehoseRecord> {
    private static final long serialVersionUID = 1L;

    private transient Counter incomingRecords;
    private transient Counter incomingBytes;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        MetricGroup group = FirehoseMetrics.group(context.getMetricGroup());
        incomingRecords = group.counter(FirehoseMetrics.INCOMING_RECORDS);
        incomingBytes = group.counter(FirehoseMetrics.INCOMING_BYTES);
    }

    @Override
    public void deserialize(Record record, Collector<FirehoseRecord> out) {
        byte[] data = record.data();
        if (incomingRecords != null) {
            incomingRecords.inc();
            incomingBytes.inc(data.length);
        }
        out.collect(
                new FirehoseRecord(
                        record.shardId() + ":" + record.sequenceNumber(),
                        record.arrivalMillis(),
                        data));
    }

    @Override
    public TypeInformation<FirehoseRecord> getProducedType() {
        return TypeInformation.of(FirehoseRecord.class);
    }
}
