package dev.brook.firehose;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One record inside a delivery stream, as processors see it (Firehose's record id, approximate
 * arrival timestamp and data) plus the partition keys that metadata extraction added.
 *
 * <p>Public no-argument constructor, getters and setters; Flink serializes and copies it with
 * {@link FirehoseRecordSerializer}.
 */
@TypeInfo(FirehoseRecordTypeInfo.Factory.class)
public final class FirehoseRecord {

    private String recordId;
    private long arrivalTimeMillis;
    private byte[] data;
    private Map<String, String> partitionKeys;

    public FirehoseRecord() {
        this.partitionKeys = new LinkedHashMap<>();
    }

    public FirehoseRecord(String recordId, long arrivalTimeMillis, byte[] data) {
        this.recordId = Objects.requireNonNull(recordId, "recordId");
        this.arrivalTimeMillis = arrivalTimeMillis;
        this.data = Objects.requireNonNull(data, "data");
        this.partitionKeys = new LinkedHashMap<>();
    }

    public FirehoseRecord(
            String recordId,
            long arrivalTimeMillis,
            byte[] data,
            Map<String, String> partitionKeys) {
        this.recordId = Objects.requireNonNull(recordId, "recordId");
        this.arrivalTimeMillis = arrivalTimeMillis;
        this.data = Objects.requireNonNull(data, "data");
        this.partitionKeys = new LinkedHashMap<>(partitionKeys);
    }

    /** A record with the same id, arrival time and partition keys, and other data. */
    public FirehoseRecord withData(byte[] newData) {
        return new FirehoseRecord(recordId, arrivalTimeMillis, newData, partitionKeys);
    }

    /**
     * Unique and stable across replays: {@code <shardId>:<sequenceNumber>} for a stream record,
     * with {@code :<index>} appended per de-aggregated sub-record.
     */
    public String getRecordId() {
        return recordId;
    }

    public void setRecordId(String recordId) {
        this.recordId = recordId;
    }

    /** The source record's approximate arrival time, epoch milliseconds. */
    public long getArrivalTimeMillis() {
        return arrivalTimeMillis;
    }

    public void setArrivalTimeMillis(long arrivalTimeMillis) {
        this.arrivalTimeMillis = arrivalTimeMillis;
    }

    public byte[] getData() {
        return data;
    }

    public void setData(byte[] data) {
        this.data = data;
    }

    /** Keys from metadata extraction, for {@code !{partitionKeyFromQuery:name}}; never null. */
    public Map<String, String> getPartitionKeys() {
        return partitionKeys == null ? Collections.emptyMap() : partitionKeys;
    }

    public void setPartitionKeys(Map<String, String> partitionKeys) {
        this.partitionKeys = partitionKeys;
    }

    @Override
    public String toString() {
        return "FirehoseRecord{" + recordId + ", " + data.length + " bytes}";
    }
}
