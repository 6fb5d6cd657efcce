package dev.brook.store;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Every setting of the stream store, with its default. */
public final class BrookStoreOptions {
    private BrookStoreOptions() {}

    public static final ConfigOption<Duration> DEFAULT_RETENTION =
            ConfigOptions.key("stream.retention.default")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "Retention period of a new stream, unless given when it is created.");

    public static final ConfigOption<MemorySize> DEFAULT_MAX_RECORD_SIZE =
            ConfigOptions.key("stream.max-record-size.default")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1mb"))
                    .withDescription(
                            "Largest record data a new stream accepts, unless given when it is"
                                    + " created (at most 10 MiB).");

    public static final ConfigOption<Duration> CONSUMER_MAX_RETENTION =
            ConfigOptions.key("consumer.retention.max")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "Hard maximum age of data that registered consumers keep from time"
                                    + " retention. Older data is deleted even if a consumer has not"
                                    + " checkpointed past it.");

    public static final ConfigOption<Duration> CLEANUP_MIN_AGE =
            ConfigOptions.key("store.cleanup.min-age")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "Compaction and retention only remove segment files published at least"
                                    + " this long ago; writers re-read a shard's end when what they"
                                    + " know of it is older than half of this. This is what keeps a"
                                    + " slow writer from publishing into a name that was just"
                                    + " cleaned up.");

    public static final ConfigOption<Boolean> FSYNC =
            ConfigOptions.key("store.fsync")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Flush every segment to stable storage before publishing it. Off by"
                                    + " default, like Kafka, trading power-loss durability on one"
                                    + " machine for throughput.");

    public static final ConfigOption<Integer> COMPACTION_TRIGGER_SEGMENTS =
            ConfigOptions.key("compaction.trigger.segments")
                    .intType()
                    .defaultValue(32)
                    .withDescription(
                            "A shard is compacted when it has more than this many segments.");

    public static final ConfigOption<MemorySize> COMPACTION_TARGET_SIZE =
            ConfigOptions.key("compaction.target-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("16mb"))
                    .withDescription(
                            "Compaction merges runs of consecutive segments smaller than this into"
                                    + " segments of up to this size.");

    public static final ConfigOption<Duration> MAINTENANCE_LOCK_LEASE =
            ConfigOptions.key("store.maintenance.lock-lease")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "A shard's retention/compaction lock older than this is considered"
                                    + " abandoned by a crashed process and is broken.");

    public static final ConfigOption<Boolean> READ_PREFETCH =
            ConfigOptions.key("store.read.prefetch")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Open the next local segment of each shard being read ahead of its"
                                    + " reader (map it, check its records' checksum), on up to 2"
                                    + " threads shared by all readers in the process, never more"
                                    + " than the cores but one (none on one core). A reader that"
                                    + " gets to a segment no thread has started on opens it"
                                    + " itself, so this never slows a read down; with small"
                                    + " records it leaves the reading thread a good deal less to"
                                    + " do.");

    public static final int MAX_RECORD_SIZE_LIMIT = 10 * 1024 * 1024;
    public static final int MAX_PUT_RECORDS = 500;
}
