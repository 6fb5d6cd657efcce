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

    /**
     * {@code <shardId>:} of the last shard seen: a reader hands out runs of records of one shard,
     * and formatting the shard id costs more than the rest of the record id.
     */
    private transient long lastShardOrdinal;

    private transient String lastShardIdPrefix;

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
        out.collect(new FirehoseRecord(recordId(record), record.arrivalMillis(), data));
    }

    private String recordId(Record record) {
        if (record.shardOrdinal() != lastShardOrdinal || lastShardIdPrefix == null) {
            lastShardOrdinal = record.shardOrdinal();
            lastShardIdPrefix = record.shardId() + ":";
        }
        return lastShardIdPrefix.concat(record.sequenceNumber().toString());
    }

    @Override
    public TypeInformation<FirehoseRecord> getProducedType() {
        return TypeInformation.of(FirehoseRecord.class);
    }
}
