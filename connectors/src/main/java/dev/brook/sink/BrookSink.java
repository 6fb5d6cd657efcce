package dev.brook.sink;

import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.HashKey;
import dev.brook.store.PartitionKeyCache;
import dev.brook.store.StagedSegments;
import dev.brook.store.StreamNames;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Writes a Flink stream into a Brook stream (Sink V2), routing each record by partition key (or
 * explicit hash key) with Kinesis semantics. Exactly-once, at-least-once or none; see {@link
 * BrookSinkOptions}. Build it with {@link #builder()}.
 *
 * <pre>{@code
 * BrookSink<Click> sink = BrookSink.<Click>builder()
 *         .root("file:///data/brook")
 *         .stream("clicks")
 *         .serializer(new JsonSerializationSchema<>(), click -> click.user)
 *         .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
 *         .build();
 * clicks.sinkTo(sink);
 * }</pre>
 */
public final class BrookSink<T>
        implements Sink<T>, SupportsCommitter<StagedSegments.Staged>, SupportsPreWriteTopology<T> {
    private static final long serialVersionUID = 1L;

    private final String root;
    private final String stream;
    private final BrookSerializationSchema<T> schema;
    private final Configuration storeConfig;
    private final Configuration options;

    private BrookSink(Builder<T> b) {
        this.root = BrookStore.requireRoot(b.root, "BrookSink");
        this.stream = b.stream;
        this.schema = b.schema;
        this.storeConfig = b.storeConfig;
        this.options = b.options;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        try {
            schema.open(context.asSerializationSchemaInitializationContext());
        } catch (Exception e) {
            throw new IOException("could not open the serialization schema", e);
        }
        return new BrookSinkWriter<>(
                BrookStore.open(root, storeConfig),
                stream,
                schema,
                options.get(BrookSinkOptions.DELIVERY_GUARANTEE),
                (int) options.get(BrookSinkOptions.BATCH_SIZE).getBytes(),
                options.get(BrookSinkOptions.FLUSH_INTERVAL).toMillis(),
                options.get(BrookSinkOptions.RETENTION_INTERVAL).toMillis(),
                context.getTaskInfo().getIndexOfThisSubtask() == 0,
                context.getProcessingTimeService(),
                context.metricGroup());
    }

    @Override
    public Committer<StagedSegments.Staged> createCommitter(CommitterInitContext context) {
        return new BrookCommitter(BrookStore.open(root, storeConfig));
    }

    @Override
    public SimpleVersionedSerializer<StagedSegments.Staged> getCommittableSerializer() {
        return new StagedSerializer();
    }

    @Override
    public DataStream<T> addPreWriteTopology(DataStream<T> input) {
        if (!options.get(BrookSinkOptions.ROUTE_BY_SHARD)) {
            return input;
        }
        return input.partitionCustom(new HashSlicePartitioner(), new RoutingKey<>(schema));
    }

    /**
     * The high 64 bits of a record's routing hash key, from the shared cache of hashed (and boxed)
     * partition keys, which the writers then find warm.
     */
    private static final class RoutingKey<T> implements KeySelector<T, Long> {
        private static final long serialVersionUID = 1L;
        private final BrookSerializationSchema<T> schema;

        RoutingKey(BrookSerializationSchema<T> schema) {
            this.schema = schema;
        }

        @Override
        public Long getKey(T element) {
            String explicit = schema.explicitHashKey(element);
            if (explicit != null) {
                return HashKey.parse(explicit).high();
            }
            return PartitionKeyCache.shared().get(schema.partitionKey(element)).high();
        }
    }

    /**
     * Subtask {@code i} of {@code p} owns hash keys {@code [i * 2^128 / p, (i + 1) * 2^128 / p)}: a
     * fixed slice, so a key always has the same writer, whatever resharding happens.
     */
    static final class HashSlicePartitioner implements Partitioner<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public int partition(Long high, int numPartitions) {
            // floor(high * p / 2^64), with high read as unsigned.
            long h = high;
            return (int) (Math.multiplyHigh(h, numPartitions) + ((h >> 63) & numPartitions));
        }
    }

    /** Builds a {@link BrookSink}; root, stream and serializer are required. */
    public static final class Builder<T> {
        private String root;
        private String stream;
        private BrookSerializationSchema<T> schema;
        private Configuration storeConfig = new Configuration();
        private final Configuration options = new Configuration();

        public Builder<T> root(String root) {
            this.root = root;
            return this;
        }

        public Builder<T> stream(String stream) {
            this.stream = stream;
            return this;
        }

        public Builder<T> serializer(BrookSerializationSchema<T> schema) {
            this.schema = schema;
            return this;
        }

        /** Any Flink serialization schema for the data, with a partition key selector. */
        public Builder<T> serializer(
                SerializationSchema<T> schema, KeySelector<T, String> partitionKey) {
            this.schema = BrookSerializationSchema.of(schema, partitionKey);
            return this;
        }

        public Builder<T> deliveryGuarantee(DeliveryGuarantee guarantee) {
            options.set(BrookSinkOptions.DELIVERY_GUARANTEE, guarantee);
            return this;
        }

        public Builder<T> flushInterval(Duration interval) {
            options.set(BrookSinkOptions.FLUSH_INTERVAL, interval);
            return this;
        }

        public Builder<T> batchSize(MemorySize size) {
            options.set(BrookSinkOptions.BATCH_SIZE, size);
            return this;
        }

        /** Turns routing records to writer subtasks by hash key slice on or off (default on). */
        public Builder<T> routeByShard(boolean route) {
            options.set(BrookSinkOptions.ROUTE_BY_SHARD, route);
            return this;
        }

        public Builder<T> storeConfig(Configuration storeConfig) {
            this.storeConfig = storeConfig;
            return this;
        }

        /** Any {@link BrookSinkOptions} at once. */
        public Builder<T> options(Configuration more) {
            options.addAll(more);
            return this;
        }

        public BrookSink<T> build() {
            BrookStore.requireRoot(root, "BrookSink");
            StreamNames.validate(stream);
            if (schema == null) {
                throw BrookException.invalidArgument("BrookSink needs a serializer");
            }
            long batch = options.get(BrookSinkOptions.BATCH_SIZE).getBytes();
            if (batch < 1 || batch > 256L << 20) {
                throw BrookException.invalidArgument(
                        "sink batch size " + batch + " bytes is out of range: 1 to 256 MiB");
            }
            if (options.get(BrookSinkOptions.FLUSH_INTERVAL).isNegative()
                    || options.get(BrookSinkOptions.FLUSH_INTERVAL).isZero()) {
                throw BrookException.invalidArgument("sink flush interval must be positive");
            }
            return new BrookSink<>(this);
        }
    }
}
