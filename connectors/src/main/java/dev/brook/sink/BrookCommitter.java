package dev.brook.sink;

import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.StagedSegments;
import java.io.IOException;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes staged segments once their checkpoint completed. Committing is idempotent, so Flink may
 * retry after a failure without duplicating anything.
 */
final class BrookCommitter
        implements org.apache.flink.api.connector.sink2.Committer<StagedSegments.Staged> {
    private static final Logger LOG = LoggerFactory.getLogger(BrookCommitter.class);
    private static final int MAX_RETRIES = 10;

    private final BrookStore store;

    BrookCommitter(BrookStore store) {
        this.store = store;
    }

    @Override
    public void commit(Collection<CommitRequest<StagedSegments.Staged>> requests) {
        StagedSegments staged = store.staged();
        for (CommitRequest<StagedSegments.Staged> request : requests) {
            StagedSegments.Staged s = request.getCommittable();
            try {
                if (!staged.commit(s)) {
                    request.signalAlreadyCommitted();
                }
            } catch (IOException e) {
                if (request.getNumberOfRetries() < MAX_RETRIES) {
                    LOG.warn("Commit of {} failed, retrying: {}", s.path(), e.getMessage());
                    request.retryLater();
                } else {
                    request.signalFailedWithUnknownReason(e);
                }
            } catch (BrookException e) {
                request.signalFailedWithKnownReason(e);
            }
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
