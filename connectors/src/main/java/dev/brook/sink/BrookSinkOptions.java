package dev.brook.sink;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;

/** Settings of {@link BrookSink}, each with a default. */
public final class BrookSinkOptions {
    private BrookSinkOptions() {}

    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE =
            ConfigOptions.key("sink.delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
                    .withDescription(
                            "EXACTLY_ONCE stages records per shard between checkpoints and"
                                    + " publishes them when the checkpoint completes (needs"
                                    + " checkpointing; latency is the checkpoint interval)."
                                    + " AT_LEAST_ONCE publishes every flush interval and at"
                                    + " checkpoints. NONE publishes every flush interval only.");

    public static final ConfigOption<Duration> FLUSH_INTERVAL =
            ConfigOptions.key("sink.flush-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(50))
                    .withDescription(
                            "AT_LEAST_ONCE and NONE: how long records wait at most before they"
                                    + " are published.");

    public static final ConfigOption<MemorySize> BATCH_SIZE =
            ConfigOptions.key("sink.batch-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1mb"))
                    .withDescription(
                            "A shard's buffered records are published (or staged) as one segment"
                                    + " once they reach this size.");

    public static final ConfigOption<Boolean> ROUTE_BY_SHARD =
            ConfigOptions.key("sink.route-by-shard")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Send each record to the writer subtask that owns its slice of the"
                                    + " hash key space, so a key always has one writer (per-key"
                                    + " order holds, also across reshards) and, when the shard"
                                    + " count is a multiple of the parallelism, each shard has"
                                    + " one writer.");

    public static final ConfigOption<Duration> RETENTION_INTERVAL =
            ConfigOptions.key("sink.retention.interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "How often (at most) the first writer subtask runs the stream's"
                                    + " retention at a checkpoint.");
}
