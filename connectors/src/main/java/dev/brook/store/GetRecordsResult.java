package dev.brook.store;

import java.util.List;

/**
 * What one read of a shard returned, shaped like Kinesis' GetRecords response.
 *
 * @param records the records, in offset order
 * @param nextOffset where the next read continues
 * @param millisBehindLatest how far the last record returned is behind the shard's end; 0 when the
 *     read reached the end
 * @param shardEnded true once a closed shard has been read to its seal
 * @param childShards the shard's children, once it ended (else empty)
 * @param skippedByRetention records skipped because retention had trimmed them
 */
public record GetRecordsResult(
        List<Record> records,
        long nextOffset,
        long millisBehindLatest,
        boolean shardEnded,
        List<ShardMetadata> childShards,
        long skippedByRetention) {}
