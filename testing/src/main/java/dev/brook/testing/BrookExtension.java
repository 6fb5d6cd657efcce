package dev.brook.testing;

import dev.brook.client.Consumer;
import dev.brook.sink.BrookSink;
import dev.brook.source.BrookSource;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordResult;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.PutRecordsResult;
import dev.brook.store.Record;
import dev.brook.store.StreamMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.FileUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JUnit 5 extension for testing Flink jobs that read and write Brook streams: one Flink
 * MiniCluster shared by the tests of a class (Flink's {@link MiniClusterExtension}) and, for each
 * test, a fresh {@link BrookStore} in a temporary directory, deleted afterwards; with helpers to
 * create streams, put records, read them back and wait for them.
 *
 * <pre>{@code
 * class ClickCountTest {
 *     @RegisterExtension
 *     static final BrookExtension brook = BrookExtension.withMiniCluster();
 *
 *     @Test
 *     void countsClicks() throws Exception {
 *         brook.createStream("clicks", 4);
 *         brook.put("clicks", "user-1", "home");
 *         StreamExecutionEnvironment env = brook.env();
 *         env.fromSource(brook.stringSource("clicks").bounded().build(), noWatermarks(), "in")
 *                 ...
 *                 .sinkTo(brook.stringSink("counts", v -> v.split(",")[0]).build());
 *         env.execute();
 *         assertSameMultiset(expected, brook.readAll("counts"));
 *     }
 * }
 * }</pre>
 *
 * <p>Register it in a {@code static} field (the MiniCluster lives for the class), or use {@link
 * BrookTest @BrookTest}. Tests of one class share the extension, so run them one at a time (JUnit's
 * default). Jobs submitted with {@link #env()} or {@code
 * StreamExecutionEnvironment.getExecutionEnvironment()} run on the MiniCluster; a job still running
 * when its test ends is cancelled before the store is deleted.
 */
public final class BrookExtension
        implements BeforeAllCallback,
                AfterAllCallback,
                BeforeEachCallback,
                AfterEachCallback,
                ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(BrookExtension.class);
    private static final int PUT_BATCH = 500;
    private static final int READ_BATCH = 10_000;

    private final MiniClusterExtension miniCluster;
    private Configuration storeConfig = new Configuration();
    private volatile BrookTest annotation;
    private int depth;
    private Path directory;
    private BrookStore store;

    /**
     * For {@link BrookTest @BrookTest} / {@code @ExtendWith}: a MiniCluster as the annotation says
     * (default one task manager with two slots).
     */
    public BrookExtension() {
        this.miniCluster =
                new MiniClusterExtension(
                        () -> {
                            BrookTest a = annotation;
                            return a == null
                                    ? clusterConfig(1, 2)
                                    : clusterConfig(a.taskManagers(), a.slotsPerTaskManager());
                        });
    }

    private BrookExtension(MiniClusterExtension miniCluster) {
        this.miniCluster = miniCluster;
    }

    /** One task manager with two slots (jobs' default parallelism is 2). */
    public static BrookExtension withMiniCluster() {
        return withMiniCluster(1, 2);
    }

    public static BrookExtension withMiniCluster(int taskManagers, int slotsPerTaskManager) {
        return withMiniCluster(clusterConfig(taskManagers, slotsPerTaskManager));
    }

    /** A MiniCluster exactly as configured. */
    public static BrookExtension withMiniCluster(MiniClusterResourceConfiguration config) {
        Objects.requireNonNull(config, "config");
        return new BrookExtension(new MiniClusterExtension(config));
    }

    /** Only the temporary store, for tests of producers, consumers or the store itself. */
    public static BrookExtension withoutMiniCluster() {
        return new BrookExtension(null);
    }

    /** Settings ({@code BrookStoreOptions}) for the stores this extension opens. */
    public BrookExtension storeConfig(Configuration config) {
        this.storeConfig = Objects.requireNonNull(config, "config");
        return this;
    }

    private static MiniClusterResourceConfiguration clusterConfig(int taskManagers, int slots) {
        if (taskManagers < 1 || slots < 1) {
            throw new IllegalArgumentException(
                    "a MiniCluster needs at least one task manager and one slot, got "
                            + taskManagers
                            + " x "
                            + slots);
        }
        return new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(taskManagers)
                .setNumberSlotsPerTaskManager(slots)
                .build();
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (depth++ > 0 || miniCluster == null) {
            return; // a @Nested class shares the enclosing class's cluster
        }
        annotation =
                context.getTestClass()
                        .flatMap(c -> AnnotationSupport.findAnnotation(c, BrookTest.class))
                        .orElse(null);
        miniCluster.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (depth == 0 && miniCluster != null) {
            throw new ExtensionConfigurationException(
                    "BrookExtension starts its MiniCluster once per test class: register it in a"
                            + " static field (@RegisterExtension static BrookExtension brook = ...)"
                            + " or use @BrookTest");
        }
        if (miniCluster != null) {
            miniCluster.beforeEach(context);
        }
        directory = Files.createTempDirectory("brook-test-");
        store = BrookStore.open(directory.toString(), storeConfig);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        boolean clusterRunning = miniCluster != null && depth > 0;
        try {
            if (clusterRunning) {
                cancelJobsLeftRunning();
            }
            if (store != null) {
                store.close();
            }
            if (directory != null) {
                FileUtils.deleteDirectoryQuietly(directory.toFile());
            }
        } finally {
            store = null;
            directory = null;
            if (clusterRunning) {
                miniCluster.afterEach(context);
            }
        }
    }

    /**
     * Cancels the jobs a test left running (a continuous job whose test failed before cancelling
     * it), and waits for them to end, so the next test gets the cluster's slots and this test's
     * files can go.
     */
    private void cancelJobsLeftRunning() throws Exception {
        try (RestClusterClient<StandaloneClusterId> client =
                new RestClusterClient<>(
                        miniCluster.getClientConfiguration(), StandaloneClusterId.getInstance())) {
            List<JobID> cancelled = new ArrayList<>();
            for (JobStatusMessage job : client.listJobs().get(30, TimeUnit.SECONDS)) {
                if (!job.getJobState().isGloballyTerminalState()) {
                    LOG.info(
                            "Cancelling job {} ({}), left running by the test",
                            job.getJobId(),
                            job.getJobName());
                    client.cancel(job.getJobId()).get(30, TimeUnit.SECONDS);
                    cancelled.add(job.getJobId());
                }
            }
            for (JobID id : cancelled) {
                BrookAssertions.waitUntil(
                        "job " + id + " to end after cancelling it",
                        () -> {
                            try {
                                return client.getJobStatus(id)
                                        .get(30, TimeUnit.SECONDS)
                                        .isGloballyTerminalState();
                            } catch (Exception e) {
                                return true; // gone
                            }
                        },
                        Duration.ofSeconds(60));
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (--depth > 0 || miniCluster == null) {
            return;
        }
        miniCluster.afterAll(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == BrookExtension.class || type == BrookStore.class) {
            return true;
        }
        return miniCluster != null
                && depth > 0
                && miniCluster.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == BrookExtension.class) {
            return this;
        }
        if (type == BrookStore.class) {
            if (store == null) {
                throw new ParameterResolutionException(
                        "the Brook store exists only during a test (not in @BeforeAll)");
            }
            return store;
        }
        return miniCluster.resolveParameter(parameter, context);
    }

    // ---------------------------------------------------------------- the store

    /** This test's store. */
    public BrookStore store() {
        if (store == null) {
            throw new IllegalStateException(
                    "the Brook store exists only while a test runs (from @BeforeEach to"
                            + " @AfterEach)");
        }
        return store;
    }

    /** The store's root URI, for {@code BrookSource} and {@code BrookSink} builders. */
    public String root() {
        return store().root().toString();
    }

    /** The store's temporary directory. */
    public Path directory() {
        store();
        return directory;
    }

    /** Creates a stream with {@code shards} shards and the store's default settings. */
    public StreamMetadata createStream(String stream, int shards) {
        return store().createStream(stream, shards);
    }

    /** Puts one record with UTF-8 data. */
    public PutRecordResult put(String stream, String partitionKey, String data) {
        return put(stream, partitionKey, data.getBytes(StandardCharsets.UTF_8));
    }

    public PutRecordResult put(String stream, String partitionKey, byte[] data) {
        return store().putRecord(stream, partitionKey, data);
    }

    /**
     * Puts records in order, in batches of 500; fails on the first record the store rejects. Each
     * key's records keep their order in the stream.
     */
    public void putAll(String stream, Collection<TestRecord> records) {
        List<PutRecordsEntry> entries = new ArrayList<>(records.size());
        for (TestRecord r : records) {
            entries.add(r.toEntry());
        }
        putEntries(stream, entries);
    }

    /** Puts entries (with explicit hash keys, binary data, ...) in order, in batches of 500. */
    public void putEntries(String stream, List<PutRecordsEntry> entries) {
        for (int from = 0; from < entries.size(); from += PUT_BATCH) {
            List<PutRecordsEntry> batch =
                    entries.subList(from, Math.min(entries.size(), from + PUT_BATCH));
            PutRecordsResult result = store().putRecords(stream, batch);
            if (result.failedRecordCount() > 0) {
                for (int i = 0; i < batch.size(); i++) {
                    PutRecordsResult.Entry e = result.records().get(i);
                    if (e.failed()) {
                        throw new IllegalArgumentException(
                                "record "
                                        + (from + i)
                                        + " (key "
                                        + batch.get(i).partitionKey()
                                        + ") was rejected by stream "
                                        + stream
                                        + ": "
                                        + e.errorCode()
                                        + ": "
                                        + e.errorMessage());
                    }
                }
            }
        }
    }

    /**
     * Every record now in the stream, from the trim horizon, following shard lineage (a child
     * shard's records after its parents'), as {@link TestRecord}s. Each key's records are in the
     * order they were written.
     */
    public List<TestRecord> readAll(String stream) {
        return TestRecord.of(readRecords(stream));
    }

    /**
     * Waits until the stream holds at least {@code atLeast} records, then returns every record now
     * in it (which may be more). Fails after {@code timeout} with how many there were.
     */
    public List<TestRecord> readAll(String stream, int atLeast, Duration timeout) {
        return TestRecord.of(readRecords(stream, atLeast, timeout));
    }

    /** As {@link #readAll(String)}, as the store's records (sequence numbers, shards, times). */
    public List<Record> readRecords(String stream) {
        try (Consumer c = consumer(stream)) {
            List<Record> out = new ArrayList<>();
            drain(c, out);
            return out;
        }
    }

    /** As {@link #readAll(String, int, Duration)}, as the store's records. */
    public List<Record> readRecords(String stream, int atLeast, Duration timeout) {
        try (Consumer c = consumer(stream)) {
            List<Record> out = new ArrayList<>();
            BrookAssertions.waitUntil(
                    "at least " + atLeast + " records in stream " + stream,
                    () -> {
                        out.addAll(c.poll(READ_BATCH));
                        return out.size() >= atLeast;
                    },
                    timeout,
                    () ->
                            "found "
                                    + out.size()
                                    + (out.isEmpty()
                                            ? ""
                                            : ", the last " + out.get(out.size() - 1)));
            drain(c, out);
            return out;
        }
    }

    private Consumer consumer(String stream) {
        return Consumer.builder(store(), stream).shardDiscoveryInterval(Duration.ZERO).build();
    }

    private static void drain(Consumer c, List<Record> out) {
        while (true) {
            List<Record> batch = c.poll(READ_BATCH);
            out.addAll(batch);
            if (batch.isEmpty() && c.caughtUp()) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- Flink

    /**
     * An execution environment on the MiniCluster whose jobs restart quickly after a failure (up to
     * 10 times, 100 ms apart), as tests with {@link FailingMap} need.
     */
    public StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    /**
     * A source builder for a stream of UTF-8 strings in this test's store (unbounded by default).
     */
    public BrookSource.Builder<String> stringSource(String stream) {
        return BrookSource.<String>builder().root(root()).stream(stream)
                .deserializer(new SimpleStringSchema());
    }

    /** A sink builder writing UTF-8 strings to a stream of this test's store. */
    public BrookSink.Builder<String> stringSink(
            String stream, KeySelector<String, String> partitionKey) {
        return BrookSink.<String>builder().root(root()).stream(stream)
                .serializer(new SimpleStringSchema(), partitionKey);
    }

    // ---------------------------------------------------------------- waiting

    /** Waits until {@code condition} holds; fails after {@code timeout}. */
    public void waitUntil(BooleanSupplier condition, Duration timeout) {
        BrookAssertions.waitUntil(condition, timeout);
    }

    /** Waits until {@code condition} holds; fails after {@code timeout} naming {@code what}. */
    public void waitUntil(String what, BooleanSupplier condition, Duration timeout) {
        BrookAssertions.waitUntil(what, condition, timeout);
    }

    @Override
    public String toString() {
        return "BrookExtension[" + (directory == null ? "no test running" : directory) + "]";
    }
}
