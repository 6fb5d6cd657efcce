package dev.brook.testing.testframe;

import dev.brook.store.BrookStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.testframe.TestResource;
import org.apache.flink.util.FileUtils;

/**
 * The "external system" of Flink's connector testing framework for Brook: a store in a temporary
 * directory, made at {@link #startUp()} and deleted at {@link #tearDown()}. Brook needs no server,
 * so this is all there is to it. Put it in a {@code @TestExternalSystem} field and hand it to the
 * context factories.
 */
public final class BrookTestStore implements TestResource {
    private final Configuration storeConfig;
    private final AtomicInteger streams = new AtomicInteger();
    private Path directory;
    private BrookStore store;

    public BrookTestStore() {
        this(new Configuration());
    }

    /** With store settings ({@code BrookStoreOptions}). */
    public BrookTestStore(Configuration storeConfig) {
        this.storeConfig = storeConfig;
    }

    @Override
    public synchronized void startUp() throws Exception {
        if (store != null) {
            return;
        }
        directory = Files.createTempDirectory("brook-testframe-");
        store = BrookStore.open(directory.toString(), storeConfig);
    }

    @Override
    public synchronized void tearDown() throws Exception {
        if (store == null) {
            return;
        }
        store.close();
        FileUtils.deleteDirectoryQuietly(directory.toFile());
        store = null;
        directory = null;
    }

    /** The store; only between {@link #startUp()} and {@link #tearDown()}. */
    public synchronized BrookStore store() {
        if (store == null) {
            throw new IllegalStateException("BrookTestStore is not started");
        }
        return store;
    }

    /** The store's root URI, for {@code BrookSource} and {@code BrookSink}. */
    public String root() {
        return store().root().toString();
    }

    public Configuration storeConfig() {
        return storeConfig;
    }

    /** A stream name not used before in this store: {@code prefix-<n>}. */
    public String newStreamName(String prefix) {
        return prefix + "-" + streams.incrementAndGet();
    }

    @Override
    public String toString() {
        return "BrookTestStore[" + directory + "]";
    }
}
