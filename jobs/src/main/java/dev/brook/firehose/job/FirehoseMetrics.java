package dev.brook.firehose.job;

import org.apache.flink.metrics.MetricGroup;

/**
 * Firehose's CloudWatch metric names, as Flink metrics in the group {@code firehose}: {@code
 * IncomingRecords}, {@code IncomingBytes}, and per destination {@code DeliveryToS3.Records}, {@code
 * .Bytes}, {@code .Success} and {@code .DataFreshness}.
 */
final class FirehoseMetrics {
    static final String GROUP = "firehose";
    static final String INCOMING_RECORDS = "IncomingRecords";
    static final String INCOMING_BYTES = "IncomingBytes";

    /** Every file destination reports as Firehose's S3 destination does. */
    static final String DELIVERY_TO_FILES = "DeliveryToS3";

    static final String RECORDS = "Records";
    static final String BYTES = "Bytes";
    static final String SUCCESS = "Success";
    static final String DATA_FRESHNESS = "DataFreshness";

    /** Accumulators, for the command line's progress lines. */
    static final String DELIVERED_RECORDS_ACCUMULATOR = "firehose-delivered-records";

    static final String DELIVERED_BYTES_ACCUMULATOR = "firehose-delivered-bytes";
    static final String FAILED_RECORDS_ACCUMULATOR = "firehose-failed-records";

    private FirehoseMetrics() {}

    static MetricGroup group(MetricGroup operatorGroup) {
        return operatorGroup.addGroup(GROUP);
    }
}
