package dev.brook.firehose.config;

/** Where a delivery stream's records come from, with Firehose's names. */
public enum DeliveryStreamType {
    /** An existing Brook stream (Firehose's Kinesis data stream as source). */
    KinesisStreamAsSource,
    /**
     * Records put with {@code brook firehose put-record(-batch)} or a Producer, into a backing
     * stream {@code firehose-<name>} that Brook creates and owns.
     */
    DirectPut
}
