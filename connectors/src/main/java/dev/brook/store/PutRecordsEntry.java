package dev.brook.store;

/** One record of a batch put: partition key, data, and an optional decimal explicit hash key. */
public record PutRecordsEntry(String partitionKey, byte[] data, String explicitHashKey) {
    public PutRecordsEntry(String partitionKey, byte[] data) {
        this(partitionKey, data, null);
    }
}
