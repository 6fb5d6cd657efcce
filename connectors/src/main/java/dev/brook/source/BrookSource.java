package dev.brook.source;

import dev.brook.source.enumerator.BrookEnumeratorState;
import dev.brook.source.enumerator.BrookEnumeratorStateSerializer;
import dev.brook.source.enumerator.BrookSplitEnumerator;
import dev.brook.source.reader.BrookSourceReader;
import dev.brook.source.split.BrookShardSplit;
import dev.brook.source.split.BrookShardSplitSerializer;
import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.StartingPosition;
import dev.brook.store.StreamNames;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Reads a Brook stream in Flink (FLIP-27): one split per shard, children after their parents,
 * per-shard watermarks, exactly-once through checkpointed offsets. Build it with {@link
 * #builder()}.
 *
 * <pre>{@code
 * BrookSource<String> source = BrookSource.<String>builder()
 *         .root("file:///data/brook")
 *         .stream("clicks")
 *         .startingPosition(StartingPosition.trimHorizon())
 *         .deserializer(new SimpleStringSchema())
 *         .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "clicks");
 * }</pre>
 */
public final class BrookSource<T>
        implements Source<T, BrookShardSplit, BrookEnumeratorState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final String root;
    private final Configuration storeConfig;
    private final BrookDeserializationSchema<T> deserializer;
    private final BrookSplitEnumerator.Settings settings;
    private final int maxRecordsPerShard;
    private final long idleMillis;

    private BrookSource(Builder<T> b) {
        this.root = BrookStore.requireRoot(b.root, "BrookSource");
        this.storeConfig = b.storeConfig;
        this.deserializer = b.deserializer;
        this.settings =
                new BrookSplitEnumerator.Settings(
                        b.stream,
                        b.start,
                        b.bounded,
                        b.config.get(BrookSourceOptions.SHARD_DISCOVERY_INTERVAL).toMillis(),
                        b.consumerName);
        this.maxRecordsPerShard = b.config.get(BrookSourceOptions.FETCH_MAX_RECORDS);
        this.idleMillis = b.config.get(BrookSourceOptions.IDLE_POLL_INTERVAL).toMillis();
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, BrookShardSplit> createReader(SourceReaderContext context)
            throws Exception {
        return BrookSourceReader.create(
                BrookStore.open(root, storeConfig),
                settings.stream(),
                deserializer,
                context,
                maxRecordsPerShard,
                idleMillis,
                settings.consumerName() != null,
                settings.bounded());
    }

    @Override
    public SplitEnumerator<BrookShardSplit, BrookEnumeratorState> createEnumerator(
            SplitEnumeratorContext<BrookShardSplit> context) {
        return restoreEnumerator(context, BrookEnumeratorState.initial());
    }

    @Override
    public SplitEnumerator<BrookShardSplit, BrookEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<BrookShardSplit> context, BrookEnumeratorState state) {
        return new BrookSplitEnumerator(
                context, BrookStore.open(root, storeConfig), settings, state);
    }

    @Override
    public SimpleVersionedSerializer<BrookShardSplit> getSplitSerializer() {
        return BrookShardSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<BrookEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new BrookEnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }

    /**
     * Builds a {@link BrookSource}; {@code root}, {@code stream} and a deserializer are required.
     */
    public static final class Builder<T> {
        private String root;
        private String stream;
        private StartingPosition start = StartingPosition.trimHorizon();
        private boolean bounded;
        private String consumerName;
        private BrookDeserializationSchema<T> deserializer;
        private Configuration storeConfig = new Configuration();
        private final Configuration config = new Configuration();

        /** The store's root: a URI ({@code file:///...}, {@code hdfs://...}) or local directory. */
        public Builder<T> root(String root) {
            this.root = root;
            return this;
        }

        public Builder<T> stream(String stream) {
            this.stream = stream;
            return this;
        }

        /** Where to start (default TRIM_HORIZON); LATEST is pinned when the job first starts. */
        public Builder<T> startingPosition(StartingPosition start) {
            this.start = Objects.requireNonNull(start);
            return this;
        }

        /** Reads each shard to the end it had when the job started, then finishes. */
        public Builder<T> bounded() {
            this.bounded = true;
            return this;
        }

        /**
         * Registers the job as a consumer of the stream: the positions of its completed checkpoints
         * keep time retention from deleting what it has not read yet.
         */
        public Builder<T> consumerName(String name) {
            this.consumerName = name;
            return this;
        }

        public Builder<T> deserializer(DeserializationSchema<T> schema) {
            this.deserializer = BrookDeserializationSchema.of(schema);
            return this;
        }

        public Builder<T> deserializer(BrookDeserializationSchema<T> schema) {
            this.deserializer = schema;
            return this;
        }

        /** Store settings ({@code BrookStoreOptions}). */
        public Builder<T> storeConfig(Configuration storeConfig) {
            this.storeConfig = storeConfig;
            return this;
        }

        public Builder<T> shardDiscoveryInterval(Duration interval) {
            config.set(BrookSourceOptions.SHARD_DISCOVERY_INTERVAL, interval);
            return this;
        }

        public Builder<T> idlePollInterval(Duration interval) {
            config.set(BrookSourceOptions.IDLE_POLL_INTERVAL, interval);
            return this;
        }

        /** Any {@link BrookSourceOptions} at once. */
        public Builder<T> options(Configuration options) {
            config.addAll(options);
            return this;
        }

        public BrookSource<T> build() {
            BrookStore.requireRoot(root, "BrookSource");
            StreamNames.validate(stream);
            if (deserializer == null) {
                throw BrookException.invalidArgument("BrookSource needs a deserializer");
            }
            return new BrookSource<>(this);
        }
    }
}
