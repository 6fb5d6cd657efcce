package dev.brook.table;

import static org.apache.flink.configuration.description.TextElement.text;

import dev.brook.sink.BrookSinkOptions;
import dev.brook.source.BrookSourceOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Every option of the {@code 'connector' = 'brook'} table connector, with its description. The sink
 * options have the same keys, defaults and meaning as {@link BrookSinkOptions} of the DataStream
 * sink.
 */
public final class BrookConnectorOptions {
    private BrookConnectorOptions() {}

    // ------------------------------------------------------------------ common

    public static final ConfigOption<String> STREAM =
            ConfigOptions.key("stream")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Name of the Brook stream the table reads or writes"
                                    + " ([a-zA-Z0-9_.-]{1,128}). It must exist.");

    public static final ConfigOption<String> ROOT =
            ConfigOptions.key("root")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Location of the stream store: a URI (file:///..., hdfs://...,"
                                    + " s3://...) or a local directory, which every task manager"
                                    + " must see.");

    /** {@code format}: any Flink format (json, csv, raw, avro, ...). */
    public static final ConfigOption<String> FORMAT = FactoryUtil.FORMAT;

    // ------------------------------------------------------------------ source

    /** Where reading starts: the Kinesis shard iterator types. */
    public enum StartupMode implements DescribedEnum {
        TRIM_HORIZON("trim-horizon", "From the oldest record each shard still holds."),
        LATEST(
                "latest",
                "From the end of each shard when the job first starts (pinned, so a restart"
                        + " from a checkpoint reads the same)."),
        AT_TIMESTAMP(
                "at-timestamp",
                "From the first record whose arrival time is at or after"
                        + " 'scan.startup.timestamp-millis'."),
        AT_SEQUENCE_NUMBER(
                "at-sequence-number",
                "From the record 'scan.startup.sequence-number' in its shard (its ancestors are"
                        + " skipped, other shards start at their trim horizon)."),
        AFTER_SEQUENCE_NUMBER(
                "after-sequence-number",
                "Just after the record 'scan.startup.sequence-number', otherwise as"
                        + " at-sequence-number.");

        private final String value;
        private final String description;

        StartupMode(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE =
            ConfigOptions.key("scan.startup.mode")
                    .enumType(StartupMode.class)
                    .defaultValue(StartupMode.TRIM_HORIZON)
                    .withDescription("Where reading starts in each shard.");

    public static final ConfigOption<Long> SCAN_STARTUP_TIMESTAMP_MILLIS =
            ConfigOptions.key("scan.startup.timestamp-millis")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "Arrival time (epoch milliseconds) to start at; required by, and only"
                                    + " allowed with, 'scan.startup.mode' = 'at-timestamp'.");

    public static final ConfigOption<String> SCAN_STARTUP_SEQUENCE_NUMBER =
            ConfigOptions.key("scan.startup.sequence-number")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Sequence number to start at or after; required by, and only allowed"
                                    + " with, 'scan.startup.mode' = 'at-sequence-number' or"
                                    + " 'after-sequence-number'.");

    public static final ConfigOption<Boolean> SCAN_BOUNDED =
            ConfigOptions.key("scan.bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Read each shard to the end it had when the job started, then finish."
                                    + " Required in batch execution mode.");

    public static final ConfigOption<String> SCAN_CONSUMER_NAME =
            ConfigOptions.key("scan.consumer-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Registers the job as a consumer of the stream under this name: the"
                                    + " positions of its completed checkpoints keep time retention"
                                    + " from deleting what it has not read yet.");

    public static final ConfigOption<Duration> SCAN_SHARD_DISCOVERY_INTERVAL =
            ConfigOptions.key("scan.shard-discovery.interval")
                    .durationType()
                    .defaultValue(BrookSourceOptions.SHARD_DISCOVERY_INTERVAL.defaultValue())
                    .withDescription(
                            "How often the source reads the stream's metadata for new shards"
                                    + " (after a reshard).");

    /** What the source does with a record whose data the table's format cannot decode. */
    public enum DeserializationErrors implements DescribedEnum {
        FAIL(
                "fail",
                "The job fails, with an error naming the stream, shard, sequence number and the"
                        + " format's reason."),
        SKIP(
                "skip",
                "The record is left out: counted in the source's numRecordsInErrors metric and"
                        + " logged (one warning line at most every 10 s)."),
        ROUTE(
                "route",
                "The record is left out of the table and written, as JSON with its reason and"
                        + " raw bytes, to the stream 'scan.deserialization-errors.stream'"
                        + " (exactly once with checkpointing) and counted in"
                        + " numRecordsInErrors.");

        private final String value;
        private final String description;

        DeserializationErrors(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    public static final ConfigOption<DeserializationErrors> SCAN_DESERIALIZATION_ERRORS =
            ConfigOptions.key("scan.deserialization-errors")
                    .enumType(DeserializationErrors.class)
                    .defaultValue(DeserializationErrors.FAIL)
                    .withDescription(
                            "What happens to a record whose data the format cannot decode.");

    public static final ConfigOption<String> SCAN_DESERIALIZATION_ERRORS_STREAM =
            ConfigOptions.key("scan.deserialization-errors.stream")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The stream (under the same root, existing, not the table's own) that"
                                    + " records the format cannot decode are written to; required"
                                    + " by, and only allowed with, 'scan.deserialization-errors' ="
                                    + " 'route'. Each is a JSON object with stream_name, shard_id,"
                                    + " sequence_number, partition_key, arrival_time, error and"
                                    + " raw_data (Base64), under the record's partition key.");

    // ------------------------------------------------------------------ sink

    public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE =
            BrookSinkOptions.DELIVERY_GUARANTEE;

    public static final ConfigOption<Duration> SINK_FLUSH_INTERVAL =
            BrookSinkOptions.FLUSH_INTERVAL;

    public static final ConfigOption<MemorySize> SINK_BATCH_SIZE = BrookSinkOptions.BATCH_SIZE;

    public static final ConfigOption<Boolean> SINK_ROUTE_BY_SHARD = BrookSinkOptions.ROUTE_BY_SHARD;

    public static final ConfigOption<List<String>> SINK_PARTITION_KEY =
            ConfigOptions.key("sink.partition-key")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Columns whose values, joined with '|', form each record's partition"
                                    + " key (separated by ';'). Not needed when the table is"
                                    + " PARTITIONED BY columns (the same rule) or has a"
                                    + " 'partition_key' metadata column, which wins over both"
                                    + " when it is not null.");

    public static final ConfigOption<Integer> SINK_PARALLELISM = FactoryUtil.SINK_PARALLELISM;

    // ------------------------------------------------------------------ brook catalog tables

    public static final ConfigOption<Integer> SHARDS =
            ConfigOptions.key("shards")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Brook catalog only: CREATE TABLE creates the stream with this many"
                                    + " shards (1 to 10000); ALTER TABLE reshards it to this many."
                                    + " Not stored with the table.");

    public static final ConfigOption<Duration> RETENTION =
            ConfigOptions.key("retention")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "Brook catalog only: the retention period of the stream CREATE TABLE"
                                    + " creates (default: the store's, 24 h); ALTER TABLE changes"
                                    + " it. Not stored with the table.");

    /** Separator of several partition key columns' values in a record's partition key. */
    public static final String PARTITION_KEY_SEPARATOR = "|";
}
