package dev.brook.store;

/** Where a record landed. */
public record PutRecordResult(String shardId, String sequenceNumber) {}
