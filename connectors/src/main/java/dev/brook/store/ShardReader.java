package dev.brook.store;

import dev.brook.store.segment.SegmentFile;
import dev.brook.store.segment.SegmentPrefetcher;
import dev.brook.store.segment.SegmentReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one shard from an offset, across segments, until its seal. Tailing probes for the next
 * segment by name and lists the shard only when the probe misses, so a caught-up reader costs one
 * failed open per poll.
 */
public final class ShardReader implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardReader.class);

    private final ShardLog log;
    private final Supplier<StreamMetadata> metadata;
    private final int chunkSize;

    /** Opens segments ahead of this reader, or null. */
    private final SegmentPrefetcher prefetcher;

    private long next;
    private SegmentReader reader;

    /** The segment after {@link #reader}'s, being opened ahead; null if none or no prefetcher. */
    private SegmentPrefetcher.Prefetch upcoming;

    private boolean ended;
    private long atEndSinceListing = -1;
    private long lastListedMillis;
    private long skippedTotal;

    ShardReader(
            ShardLog log,
            Supplier<StreamMetadata> metadata,
            long startOffset,
            int chunkSize,
            SegmentPrefetcher prefetcher) {
        this.log = log;
        this.prefetcher = prefetcher;
        this.metadata = metadata;
        this.next = startOffset;
        this.chunkSize = chunkSize;
    }

    public String shardId() {
        return log.shardId();
    }

    /** Offset of the next record to read. */
    public long nextOffset() {
        return next;
    }

    /** True once the shard's seal was reached: it is closed and fully read. */
    public boolean isEnded() {
        return ended;
    }

    /** Records skipped so far because retention had deleted them before they were read. */
    public long skippedByRetention() {
        return skippedTotal;
    }

    /** Reads up to {@code limit} records, continuing across segments. */
    public GetRecordsResult read(int limit) throws IOException {
        return readInto(new ArrayList<>(Math.min(limit, 1024)), limit);
    }

    /**
     * Reads up to {@code limit} records, continuing across segments, and appends them to {@code
     * out} (so that a caller reading several shards fills one list). The result's records are a
     * view of what was appended, valid until {@code out} changes.
     */
    public GetRecordsResult readInto(List<Record> out, int limit) throws IOException {
        int start = out.size();
        Progress p = read(out::add, limit);
        List<ShardMetadata> children =
                p.shardEnded() ? metadata.get().children(log.shardId()) : List.of();
        return new GetRecordsResult(
                out.subList(start, out.size()),
                next,
                p.millisBehindLatest(),
                p.shardEnded(),
                children,
                p.skippedByRetention());
    }

    /**
     * What one {@link #read(RecordHandler, int)} did.
     *
     * @param records how many records it handed over
     * @param millisBehindLatest how far the last of them is behind the shard's end; 0 when the read
     *     reached the end or handed over nothing
     * @param shardEnded true once the shard was read to its seal
     * @param skippedByRetention records skipped because retention had trimmed them
     */
    public record Progress(
            int records, long millisBehindLatest, boolean shardEnded, long skippedByRetention) {}

    /** Hands up to {@code limit} records to {@code handler}, continuing across segments. */
    public Progress read(RecordHandler handler, int limit) throws IOException {
        long skippedBefore = skippedTotal;
        boolean reachedEnd = false;
        int n = 0;
        long lastArrival = -1;
        while (n < limit && !ended) {
            if (reader == null && !openNext()) {
                reachedEnd = true;
                break;
            }
            int read = reader.read(handler, limit - n);
            if (read > 0) {
                n += read;
                lastArrival = reader.lastArrivalMillis();
            }
            next = reader.nextOffset();
            if (!reader.hasNext()) {
                reader.close();
                reader = null;
            }
        }
        long behind =
                reachedEnd || ended || n == 0 ? 0 : Math.max(0, log.clock().millis() - lastArrival);
        return new Progress(n, behind, ended, skippedTotal - skippedBefore);
    }

    /** Positions {@link #reader} at {@link #next}; false if there is nothing to read yet. */
    private boolean openNext() throws IOException {
        if (upcoming != null) {
            SegmentReader r = upcoming.take();
            upcoming = null;
            if (r != null && r.nextOffset() == next && log.isStillThere(r.segment())) {
                reader = r;
                prefetchAfter(r.segment());
                return true;
            }
        }
        while (true) {
            SegmentFile probe = log.openForReading(next);
            if (probe != null) {
                return use(probe);
            }
            long now = log.clock().millis();
            // A segment published after our last listing cannot have been cleaned up yet, so
            // a missed probe at the end we last saw means there is nothing new.
            if (atEndSinceListing >= 0
                    && next >= atEndSinceListing
                    && now - lastListedMillis < log.freshMillis()) {
                return false;
            }
            ShardLog.Bases listing = log.listBases();
            lastListedMillis = listing.listedMillis();
            atEndSinceListing = -1;
            if (next < listing.lowestBase()) {
                long skipped = listing.lowestBase() - next;
                LOG.warn(
                        "Shard {} of stream {}: offsets {}..{} were deleted by retention before"
                                + " they were read; continuing at the trim horizon ({} records"
                                + " skipped)",
                        log.shardId(),
                        log.stream(),
                        next,
                        listing.lowestBase() - 1,
                        skipped);
                skippedTotal += skipped;
                next = listing.lowestBase();
                continue;
            }
            long[] bases = listing.bases();
            int holder = -1;
            for (int i = 0; i < bases.length && bases[i] <= next; i++) {
                holder = i;
            }
            if (holder < 0) {
                atEndSinceListing = next; // only an end marker, at or below next
                return false;
            }
            SegmentFile f = log.openForReading(bases[holder]);
            if (f == null) {
                continue; // cleaned up while we looked
            }
            if (f.endOffset() > next || (f.isSeal() && f.baseOffset() == next)) {
                return use(f);
            }
            if (holder == bases.length - 1) {
                atEndSinceListing = f.endOffset();
                return false;
            }
            // A gap: compaction is replacing files right now. Try again on the next read.
            return false;
        }
    }

    private boolean use(SegmentFile f) throws IOException {
        if (f.isSeal()) {
            ended = true;
            return false;
        }
        reader = new SegmentReader(log.files().fs(), f, next, chunkSize);
        prefetchAfter(f);
        return true;
    }

    /** Has the segment after {@code current} opened ahead, if it is a local one. */
    private void prefetchAfter(SegmentFile current) {
        if (prefetcher == null || !current.isMapped()) {
            return;
        }
        long base = current.endOffset();
        upcoming =
                prefetcher.prefetch(
                        () -> {
                            SegmentFile f = log.openForReading(base);
                            if (f == null || !f.isMapped() || f.isSeal()) {
                                return null;
                            }
                            SegmentReader r =
                                    new SegmentReader(log.files().fs(), f, base, chunkSize);
                            r.checkRegion();
                            return r;
                        });
    }

    @Override
    public void close() throws IOException {
        if (upcoming != null) {
            upcoming.cancel();
            upcoming = null;
        }
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
