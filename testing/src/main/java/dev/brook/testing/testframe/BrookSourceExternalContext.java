package dev.brook.testing.testframe;

import dev.brook.source.BrookSource;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.PutRecordsResult;
import dev.brook.store.ShardMetadata;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;

/**
 * Brook as the framework's source under test. Each context has its own stream of {@code shards}
 * shards, made on first use. A framework "split" is a Brook shard: split writer {@code i} writes to
 * shard {@code i mod shards}, with the shard's first hash key as explicit hash key, so a writer's
 * records land in one shard in the order written, which is the order the source reads them. The
 * source reads from TRIM_HORIZON; bounded when the settings ask for it (it then reads each shard to
 * the end it had when the job started).
 *
 * <p>Records are strings naming their split and the seed they were made from, so records of
 * different splits (and of different batches for one split) never compare equal.
 */
public class BrookSourceExternalContext implements DataStreamSourceExternalContext<String> {
    private static final int PUT_BATCH = 500;

    private final BrookTestStore system;
    private final int shards;
    private final int minRecords;
    private final int maxRecords;
    private String stream;
    private int writers;

    public BrookSourceExternalContext(BrookTestStore system, int shards) {
        this(system, shards, 100, 300);
    }

    /** Test data per split: {@code minRecords..maxRecords} records. */
    public BrookSourceExternalContext(
            BrookTestStore system, int shards, int minRecords, int maxRecords) {
        if (shards < 1 || minRecords < 1 || maxRecords < minRecords) {
            throw new IllegalArgumentException(
                    "need shards >= 1 and 1 <= minRecords <= maxRecords, got "
                            + shards
                            + ", "
                            + minRecords
                            + ".."
                            + maxRecords);
        }
        this.system = system;
        this.shards = shards;
        this.minRecords = minRecords;
        this.maxRecords = maxRecords;
    }

    /** This context's stream, created on first use. */
    public synchronized String stream() {
        if (stream == null) {
            String name = system.newStreamName("source");
            system.store().createStream(name, shards);
            stream = name;
        }
        return stream;
    }

    @Override
    public Source<String, ?, ?> createSource(TestingSourceSettings sourceSettings) {
        BrookSource.Builder<String> b =
                BrookSource.<String>builder()
                        .root(system.root())
                        .storeConfig(system.storeConfig())
                        .stream(stream())
                        .deserializer(new SimpleStringSchema());
        if (sourceSettings.getBoundedness() == Boundedness.BOUNDED) {
            b.bounded();
        }
        return b.build();
    }

    @Override
    public synchronized ExternalSystemSplitDataWriter<String> createSourceSplitDataWriter(
            TestingSourceSettings sourceSettings) {
        String name = stream();
        ShardMetadata shard = system.store().metadata(name).shards().get(writers++ % shards);
        return new ShardWriter(system, name, shard);
    }

    @Override
    public List<String> generateTestData(
            TestingSourceSettings sourceSettings, int splitIndex, long seed) {
        Random random = new Random(seed);
        int n = minRecords + random.nextInt(maxRecords - minRecords + 1);
        String prefix = "split-" + splitIndex + "-" + Long.toHexString(seed) + "-";
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
    public void close() {
        // The stream stays until the store is torn down: a job may still be finishing.
    }

    @Override
    public String toString() {
        return "Brook (" + shards + " shards)";
    }

    /** Writes a split's records into one shard, in order. */
    private static final class ShardWriter implements ExternalSystemSplitDataWriter<String> {
        private final BrookTestStore system;
        private final String stream;
        private final String shardId;
        private final String hashKey;

        ShardWriter(BrookTestStore system, String stream, ShardMetadata shard) {
            this.system = system;
            this.stream = stream;
            this.shardId = shard.shardId();
            this.hashKey = shard.hashKeyRange().start().toString();
        }

        @Override
        public void writeRecords(List<String> records) {
            for (int from = 0; from < records.size(); from += PUT_BATCH) {
                List<PutRecordsEntry> batch = new ArrayList<>();
                for (String r : records.subList(from, Math.min(records.size(), from + PUT_BATCH))) {
                    batch.add(
                            new PutRecordsEntry(
                                    shardId, r.getBytes(StandardCharsets.UTF_8), hashKey));
                }
                PutRecordsResult result = system.store().putRecords(stream, batch);
                for (PutRecordsResult.Entry e : result.records()) {
                    if (e.failed()) {
                        throw new IllegalStateException(
                                "writing to "
                                        + shardId
                                        + " of "
                                        + stream
                                        + " failed: "
                                        + e.errorCode()
                                        + ": "
                                        + e.errorMessage());
                    }
                    if (!shardId.equals(e.shardId())) {
                        throw new IllegalStateException(
                                "a record for " + shardId + " landed in " + e.shardId());
                    }
                }
            }
        }

        @Override
        public void close() {}
    }
}
