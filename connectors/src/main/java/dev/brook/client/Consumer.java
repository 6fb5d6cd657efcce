package dev.brook.client;

import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.Record;
import dev.brook.store.RecordHandler;
import dev.brook.store.ShardMetadata;
import dev.brook.store.ShardReader;
import dev.brook.store.StartingPosition;
import dev.brook.store.StreamMetadata;
import dev.brook.store.segment.SegmentReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole stream from a position (the KCL's job, in one process): one reader per shard, all
 * driven by the caller's thread, following shard lineage across resharding: a child shard is read
 * only after all its parents were read to their seals, so per-key order holds.
 */
public final class Consumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);

    private final BrookStore store;
    private final String stream;
    private final StartingPosition start;
    private final long discoveryMillis;
    private final int chunkSize;
    private final Map<String, ShardReader> active = new LinkedHashMap<>();
    private final Map<String, Long> finished = new HashMap<>();
    private final Set<String> known = new HashSet<>();
    private StreamMetadata metadata;
    private long lastDiscovery;
    private boolean caughtUp;
    private long skippedByRetention;

    private Consumer(Builder b) {
        this.store = b.store;
        this.stream = b.stream;
        this.start = b.start;
        this.discoveryMillis = b.discoveryInterval.toMillis();
        this.chunkSize = b.chunkSize;
        StartingPosition.Type t = start.type();
        if (t == StartingPosition.Type.AT_SEQUENCE_NUMBER
                || t == StartingPosition.Type.AFTER_SEQUENCE_NUMBER) {
            throw BrookException.invalidArgument(
                    "a stream consumer starts at TRIM_HORIZON, LATEST or AT_TIMESTAMP (or at"
                            + " per-shard offsets); sequence numbers name one shard: read it with"
                            + " get-records");
        }
        this.metadata = store.metadata(stream);
        if (b.offsets != null) {
            for (Map.Entry<String, Long> e : b.offsets.entrySet()) {
                metadata.requireShard(e.getKey());
                known.add(e.getKey());
                active.put(
                        e.getKey(),
                        store.openShardReaderAt(stream, e.getKey(), e.getValue(), chunkSize));
            }
            for (String f : b.finishedShards) {
                known.add(f);
                finished.put(f, -1L);
            }
        } else if (t == StartingPosition.Type.LATEST) {
            for (ShardMetadata s : metadata.shards()) {
                known.add(s.shardId());
                if (s.isOpen()) {
                    active.put(
                            s.shardId(),
                            store.openShardReader(stream, s.shardId(), start, chunkSize));
                } else {
                    finished.put(s.shardId(), -1L);
                }
            }
        }
        discover();
    }

    public static Builder builder(BrookStore store, String stream) {
        return new Builder(store, stream);
    }

    /** Starts every shard whose parents are all finished (a root shard has none). */
    private void discover() {
        lastDiscovery = System.currentTimeMillis();
        boolean again = true;
        while (again) {
            again = false;
            for (ShardMetadata s : metadata.shards()) {
                if (known.contains(s.shardId())) {
                    continue;
                }
                boolean parentsDone =
                        s.parentShardIds().stream()
                                .allMatch(
                                        p ->
                                                finished.containsKey(p)
                                                        || metadata.shard(p).isEmpty());
                if (parentsDone) {
                    known.add(s.shardId());
                    // A child born after a LATEST start holds only new data: read all of it.
                    StartingPosition pos =
                            start.type() == StartingPosition.Type.LATEST
                                    ? StartingPosition.trimHorizon()
                                    : start;
                    active.put(
                            s.shardId(),
                            store.openShardReader(stream, s.shardId(), pos, chunkSize));
                    LOG.debug("Consumer of {}: started {}", stream, s.shardId());
                }
            }
        }
    }

    /** Reads what is there now, up to {@code maxRecords}, across all active shards. */
    public List<Record> poll(int maxRecords) {
        // One list for all shards, sized for a full poll (up to GetRecords' 10 000): growing it,
        // or merging per-shard lists into it, costs more than the records' own bookkeeping.
        List<Record> out = new ArrayList<>(Math.max(16, Math.min(maxRecords, 10_000)));
        poll(maxRecords, out::add);
        return out;
    }

    /**
     * Hands what is there now, up to {@code maxRecords}, across all active shards, to {@code
     * handler}, and returns how many records it handed over. The fastest way to read: no list is
     * filled, and each record is handled as soon as its checksum was checked.
     */
    public int poll(int maxRecords, RecordHandler handler) {
        if (System.currentTimeMillis() - lastDiscovery >= discoveryMillis) {
            metadata = store.metadata(stream);
            discover();
        }
        int polled = 0;
        boolean allAtEnd = true;
        List<String> ended = null;
        int shards = Math.max(1, active.size());
        for (Map.Entry<String, ShardReader> e : active.entrySet()) {
            if (polled >= maxRecords) {
                allAtEnd = false;
                break;
            }
            int want = Math.max(1, (maxRecords - polled) / shards);
            try {
                ShardReader.Progress r =
                        e.getValue().read(handler, Math.min(want, maxRecords - polled));
                polled += r.records();
                skippedByRetention += r.skippedByRetention();
                if (r.records() >= want || r.millisBehindLatest() > 0) {
                    allAtEnd = false;
                }
                if (r.shardEnded()) {
                    if (ended == null) {
                        ended = new ArrayList<>();
                    }
                    ended.add(e.getKey());
                }
            } catch (IOException ex) {
                throw BrookException.io("could not read " + e.getKey() + " of " + stream, ex);
            }
        }
        if (ended != null) {
            for (String shardId : ended) {
                ShardReader r = active.remove(shardId);
                finished.put(shardId, r.nextOffset());
                closeQuietly(r);
            }
            metadata = store.metadata(stream);
            discover();
            allAtEnd = false;
        }
        caughtUp = allAtEnd;
        return polled;
    }

    /** Waits up to {@code timeout} for at least one record. */
    public List<Record> poll(int maxRecords, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = 5;
        while (true) {
            List<Record> r = poll(maxRecords);
            if (!r.isEmpty() || System.nanoTime() >= deadline) {
                return r;
            }
            try {
                Thread.sleep(
                        Math.min(sleep, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
            sleep = Math.min(sleep * 2, 200);
        }
    }

    /** True if the last poll found every active shard read to its current end. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Next offset per shard being read; finished shards map to their seal offset. */
    public Map<String, Long> positions() {
        Map<String, Long> p = new LinkedHashMap<>(finished);
        active.forEach((k, v) -> p.put(k, v.nextOffset()));
        return p;
    }

    /** Shards read to their seal. */
    public Set<String> finishedShards() {
        return finished.keySet();
    }

    public long skippedByRetention() {
        return skippedByRetention;
    }

    @Override
    public void close() {
        active.values().forEach(Consumer::closeQuietly);
        active.clear();
    }

    private static void closeQuietly(ShardReader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // nothing to lose: reading only
        }
    }

    /** Settings of a consumer; every one has a default. */
    public static final class Builder {
        private final BrookStore store;
        private final String stream;
        private StartingPosition start = StartingPosition.trimHorizon();
        private Duration discoveryInterval = Duration.ofSeconds(1);
        private int chunkSize = SegmentReader.DEFAULT_CHUNK;
        private Map<String, Long> offsets;
        private Set<String> finishedShards = Set.of();

        private Builder(BrookStore store, String stream) {
            this.store = store;
            this.stream = stream;
        }

        /** TRIM_HORIZON (default), LATEST or AT_TIMESTAMP. */
        public Builder startingPosition(StartingPosition position) {
            this.start = position;
            return this;
        }

        /** Resumes at these per-shard offsets, with these shards already read to their seals. */
        public Builder resumeFrom(Map<String, Long> offsets, Set<String> finishedShards) {
            this.offsets = Map.copyOf(offsets);
            this.finishedShards = Set.copyOf(finishedShards);
            return this;
        }

        /** How often new shards are looked for (default 1 s). */
        public Builder shardDiscoveryInterval(Duration interval) {
            this.discoveryInterval = interval;
            return this;
        }

        /** Bytes read from a segment at a time (default 1 MiB). */
        public Builder chunkSize(int bytes) {
            this.chunkSize = bytes;
            return this;
        }

        public Consumer build() {
            return new Consumer(this);
        }
    }
}
