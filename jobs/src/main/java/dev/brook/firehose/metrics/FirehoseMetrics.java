package dev.brook.firehose.metrics;

import org.apache.flink.metrics.MetricGroup;

/**
 * Firehose's CloudWatch metric names, as Flink metrics in the group {@code firehose}: {@code
 * IncomingRecords}, {@code IncomingBytes}, and per destination {@code <destination>.Records},
 * {@code .Bytes}, {@code .Success} and {@code .DataFreshness}, the destination being one of
 * Firehose's names: {@link #DELIVERY_TO_FILES}, {@link #DELIVERY_TO_HTTP_ENDPOINT}, {@link
 * #DELIVERY_TO_JDBC}.
 */
public final class FirehoseMetrics {
    public static final String GROUP = "firehose";
    public static final String INCOMING_RECORDS = "IncomingRecords";
    public static final String INCOMING_BYTES = "IncomingBytes";

    /** Every file destination reports as Firehose's S3 destination does. */
    public static final String DELIVERY_TO_FILES = "DeliveryToS3";

    public static final String DELIVERY_TO_HTTP_ENDPOINT = "DeliveryToHttpEndpoint";

    /**
     * The JDBC destination is Brook's Redshift analogue and reports under Firehose's Redshift
     * names, so dashboards made for Firehose keep working.
     */
    public static final String DELIVERY_TO_JDBC = "DeliveryToRedshift";

    public static final String RECORDS = "Records";
    public static final String BYTES = "Bytes";
    public static final String SUCCESS = "Success";
    public static final String DATA_FRESHNESS = "DataFreshness";

    /** Accumulators, for the command line's progress lines. */
    public static final String DELIVERED_RECORDS_ACCUMULATOR = "firehose-delivered-records";

    public static final String DELIVERED_BYTES_ACCUMULATOR = "firehose-delivered-bytes";
    public static final String FAILED_RECORDS_ACCUMULATOR = "firehose-failed-records";

    private FirehoseMetrics() {}

    public static MetricGroup group(MetricGroup operatorGroup) {
        return operatorGroup.addGroup(GROUP);
    }
}
