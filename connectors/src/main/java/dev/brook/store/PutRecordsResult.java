package dev.brook.store;

import java.util.List;

/** Per-record outcome of a batch put, in request order, as Kinesis' PutRecords reports it. */
public record PutRecordsResult(int failedRecordCount, List<Entry> records) {
    /** Either a shard and sequence number, or an error code and message. */
    public record Entry(
            String shardId, String sequenceNumber, String errorCode, String errorMessage) {
        public boolean failed() {
            return errorCode != null;
        }
    }
}
