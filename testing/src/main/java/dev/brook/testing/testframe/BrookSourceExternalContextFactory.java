package dev.brook.testing.testframe;

import org.apache.flink.connector.testframe.external.ExternalContextFactory;

/**
 * Makes a {@link BrookSourceExternalContext} (a fresh stream) for each test case. For a
 * {@code @TestContext} field; the store is only used once the framework has started it.
 */
public final class BrookSourceExternalContextFactory
        implements ExternalContextFactory<BrookSourceExternalContext> {
    private final BrookTestStore system;
    private final int shards;

    /** Streams of 4 shards: the framework's tests use up to 4 splits. */
    public BrookSourceExternalContextFactory(BrookTestStore system) {
        this(system, 4);
    }

    public BrookSourceExternalContextFactory(BrookTestStore system, int shards) {
        this.system = system;
        this.shards = shards;
    }

    @Override
    public BrookSourceExternalContext createExternalContext(String testName) {
        return new BrookSourceExternalContext(system, shards);
    }
}
