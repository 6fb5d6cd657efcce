package dev.brook.testing.testframe;

import org.apache.flink.connector.testframe.external.ExternalContextFactory;

/**
 * Makes a {@link BrookSinkExternalContext} (a fresh stream) for each test case. For a
 * {@code @TestContext} field; the store is only used once the framework has started it.
 */
public final class BrookSinkExternalContextFactory
        implements ExternalContextFactory<BrookSinkExternalContext> {
    private final BrookTestStore system;
    private final int shards;

    /** Streams of 4 shards. */
    public BrookSinkExternalContextFactory(BrookTestStore system) {
        this(system, 4);
    }

    public BrookSinkExternalContextFactory(BrookTestStore system, int shards) {
        this.system = system;
        this.shards = shards;
    }

    @Override
    public BrookSinkExternalContext createExternalContext(String testName) {
        return new BrookSinkExternalContext(system, shards);
    }
}
