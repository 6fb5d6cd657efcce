package dev.brook.testing.testframe;

import dev.brook.client.Consumer;
import dev.brook.sink.BrookSink;
import dev.brook.store.Record;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.testframe.external.ExternalSystemDataReader;
import org.apache.flink.connector.testframe.external.sink.DataStreamSinkV2ExternalContext;
import org.apache.flink.connector.testframe.external.sink.TestingSinkSettings;

/**
 * Brook as the framework's sink under test. Each context has its own stream of {@code shards}
 * shards, made on first use. The sink's delivery guarantee follows the test's checkpointing mode
 * (EXACTLY_ONCE or AT_LEAST_ONCE); records are keyed by a hash of their value, so they spread over
 * all shards. The data reader is a {@link Consumer} of the whole stream from TRIM_HORIZON: each
 * poll returns what it has not returned before.
 */
public class BrookSinkExternalContext implements DataStreamSinkV2ExternalContext<String> {
    private final BrookTestStore system;
    private final int shards;
    private final List<Consumer> readers = new ArrayList<>();
    private String stream;

    public BrookSinkExternalContext(BrookTestStore system, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1: " + shards);
        }
        this.system = system;
        this.shards = shards;
    }

    /** This context's stream, created on first use. */
    public synchronized String stream() {
        if (stream == null) {
            String name = system.newStreamName("sink");
            system.store().createStream(name, shards);
            stream = name;
        }
        return stream;
    }

    @SuppressWarnings("deprecation") // the framework's only getter returns the old enum
    @Override
    public Sink<String> createSink(TestingSinkSettings sinkSettings) {
        DeliveryGuarantee guarantee =
                switch (sinkSettings.getCheckpointingMode()) {
                    case EXACTLY_ONCE -> DeliveryGuarantee.EXACTLY_ONCE;
                    case AT_LEAST_ONCE -> DeliveryGuarantee.AT_LEAST_ONCE;
                };
        return BrookSink.<String>builder()
                .root(system.root())
                .storeConfig(system.storeConfig())
                .stream(stream())
                .serializer(new SimpleStringSchema(), new HashKeySelector())
                .deliveryGuarantee(guarantee)
                .build();
    }

    @Override
    public synchronized ExternalSystemDataReader<String> createSinkDataReader(
            TestingSinkSettings sinkSettings) {
        Consumer consumer =
                Consumer.builder(system.store(), stream())
                        .shardDiscoveryInterval(Duration.ZERO)
                        .build();
        readers.add(consumer);
        return new StreamReader(consumer);
    }

    @Override
    public List<String> generateTestData(TestingSinkSettings sinkSettings, long seed) {
        Random random = new Random(seed);
        int n = 100 + random.nextInt(201);
        String prefix = Long.toHexString(seed) + "-";
        List<String> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(prefix + i + "-" + TestData.alphanumeric(random, 0, 40));
        }
        return records;
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }

    /** None: the MiniCluster runs with the test's class path. */
    @Override
    public List<URL> getConnectorJarPaths() {
        return List.of();
    }

    @Override
    public synchronized void close() {
        readers.forEach(Consumer::close);
        readers.clear();
    }

    @Override
    public String toString() {
        return "Brook (" + shards + " shards)";
    }

    /** A record's partition key: one of 64, from its value's hash. */
    private static final class HashKeySelector implements KeySelector<String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(String value) {
            return "k" + Math.floorMod(value.hashCode(), 64);
        }
    }

    /** Reads the whole stream; each poll continues where the last one stopped. */
    private static final class StreamReader implements ExternalSystemDataReader<String> {
        private final Consumer consumer;

        StreamReader(Consumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public List<String> poll(Duration timeout) {
            List<Record> records = consumer.poll(10_000, timeout);
            List<String> out = new ArrayList<>(records.size());
            for (Record r : records) {
                out.add(new String(r.data(), StandardCharsets.UTF_8));
            }
            return out;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
