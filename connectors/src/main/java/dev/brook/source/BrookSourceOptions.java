package dev.brook.source;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of {@link BrookSource}, each with a default. */
public final class BrookSourceOptions {
    private BrookSourceOptions() {}

    public static final ConfigOption<Duration> SHARD_DISCOVERY_INTERVAL =
            ConfigOptions.key("source.shard-discovery.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "How often the enumerator reads the stream's metadata for new shards"
                                    + " (after a reshard).");

    public static final ConfigOption<Duration> IDLE_POLL_INTERVAL =
            ConfigOptions.key("source.idle-poll.interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(10))
                    .withDescription(
                            "How long a reader waits before probing its shards again when all of"
                                    + " them were read to their ends. Bounds the added latency.");

    public static final ConfigOption<Integer> FETCH_MAX_RECORDS =
            ConfigOptions.key("source.fetch.max-records")
                    .intType()
                    .defaultValue(4096)
                    .withDescription(
                            "Most records one fetch reads from one shard before moving on to the"
                                    + " reader's next shard.");
}
