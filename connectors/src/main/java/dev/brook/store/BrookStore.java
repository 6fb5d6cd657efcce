package dev.brook.store;

import dev.brook.store.segment.SegmentFile;
import dev.brook.store.segment.SegmentPrefetcher;
import dev.brook.store.segment.SegmentReader;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Brook stream store on a Flink {@link FileSystem}: streams, shards, records, resharding and
 * retention, with Kinesis semantics. Thread-safe; any number of stores, in any number of processes,
 * may share one root. The store keeps no state of its own beyond caches: the files are the stream.
 */
public final class BrookStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrookStore.class);

    private final StoreLayout layout;
    private final FileOps files;
    private final Configuration config;
    private final Clock clock;
    private final MetadataStore metadataStore;
    private final ConsumerRegistry consumers;
    private final Map<String, StreamMetadata> metadataCache = new ConcurrentHashMap<>();
    private final Map<String, ShardLog> logs = new ConcurrentHashMap<>();
    private final UUID writerId = UUID.randomUUID();

    private BrookStore(Path root, Configuration config, Clock clock) throws IOException {
        FileSystem fs = root.getFileSystem();
        this.layout = new StoreLayout(root);
        this.files = new FileOps(fs, config.get(BrookStoreOptions.FSYNC));
        this.config = config;
        this.clock = clock;
        this.metadataStore = new MetadataStore(layout, files);
        this.consumers = new ConsumerRegistry(layout, files, clock, metadataStore);
    }

    /** Opens the store at a URI or local directory (created on first write). */
    public static BrookStore open(String root) {
        return open(root, new Configuration());
    }

    public static BrookStore open(String root, Configuration config) {
        return open(toPath(root), config, Clock.systemUTC());
    }

    public static BrookStore open(Path root, Configuration config, Clock clock) {
        try {
            return new BrookStore(root, config, clock);
        } catch (IOException e) {
            throw BrookException.io("could not open the store at " + root, e);
        }
    }

    /**
     * The root a connector was configured with, checked and made absolute, so that task managers
     * with another working directory find the same store.
     */
    public static String requireRoot(String root, String who) {
        if (root == null || root.isEmpty()) {
            throw BrookException.invalidArgument(who + " needs a root (the store's location)");
        }
        return toPath(root).toString();
    }

    /** A local directory name or a URI with a scheme, as a Flink path. */
    public static Path toPath(String root) {
        if (root.contains("://") || root.startsWith("file:")) {
            return new Path(root);
        }
        return new Path(new File(root).getAbsoluteFile().toURI());
    }

    public Path root() {
        return layout.root();
    }

    public Configuration config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    // ---------------------------------------------------------------- streams

    /** Creates a stream with {@code shardCount} shards and the store's default settings. */
    public StreamMetadata createStream(String stream, int shardCount) {
        return createStream(stream, shardCount, StreamSettings.defaults(config));
    }

    public StreamMetadata createStream(String stream, int shardCount, StreamSettings settings) {
        StreamNames.validate(stream);
        if (shardCount < 1 || shardCount > 10_000) {
            throw BrookException.invalidArgument(
                    "shard count " + shardCount + " is out of range: 1 to 10000");
        }
        settings.validate();
        List<ShardMetadata> shards = new ArrayList<>();
        List<HashKeyRange> ranges = HashKeyRange.even(shardCount);
        for (int i = 0; i < shardCount; i++) {
            shards.add(new ShardMetadata(ShardIds.format(i), ranges.get(i), List.of(), 1, null));
        }
        StreamMetadata meta =
                new StreamMetadata(
                        stream,
                        1,
                        clock.millis(),
                        settings.retention().toMillis(),
                        settings.maxRecordBytes(),
                        config.get(BrookStoreOptions.CONSUMER_MAX_RETENTION).toMillis(),
                        shardCount,
                        shards,
                        settings.properties());
        // The claim makes check, clean-up and publish one step: without it a second creator could
        // pass the check, then delete the stream the first one had just published.
        try (MaintenanceLock claim =
                MaintenanceLock.tryAcquire(
                        files,
                        layout.rootStaging(),
                        layout.createClaim(stream),
                        config.get(BrookStoreOptions.MAINTENANCE_LOCK_LEASE).toMillis(),
                        clock.millis())) {
            if (claim == null) {
                throw BrookException.inUse("stream " + stream + " is being created");
            }
            if (metadataStore.exists(stream)) {
                throw BrookException.inUse("stream " + stream + " already exists");
            }
            // Files left by a deleted stream (a writer that outlived it) must not reappear.
            files.fs().delete(layout.stream(stream), true);
            files.fs().mkdirs(layout.metaDir(stream));
            for (ShardMetadata s : shards) {
                files.fs().mkdirs(layout.shard(stream, s.shardId()));
            }
            if (!metadataStore.publish(meta)) {
                throw BrookException.inUse("stream " + stream + " already exists");
            }
        } catch (IOException e) {
            throw BrookException.io("could not create stream " + stream, e);
        }
        cache(meta);
        LOG.info("Created stream {} with {} shards", stream, shardCount);
        return meta;
    }

    /** Deletes a stream and all its data. */
    public void deleteStream(String stream) {
        metadata(stream); // not found -> clear error
        try {
            files.fs().delete(layout.stream(stream), true);
        } catch (IOException e) {
            throw BrookException.io("could not delete stream " + stream, e);
        }
        metadataCache.remove(stream);
        logs.keySet().removeIf(k -> k.startsWith(stream + "/"));
        LOG.info("Deleted stream {}", stream);
    }

    /** Names of all streams, sorted. */
    public List<String> listStreams() {
        try {
            List<String> names = new ArrayList<>();
            for (FileStatus s : files.list(layout.root())) {
                String name = s.getPath().getName();
                if (s.isDir() && !name.startsWith("_") && metadataStore.exists(name)) {
                    names.add(name);
                }
            }
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw BrookException.io("could not list streams under " + layout.root(), e);
        }
    }

    /** The stream's current metadata, read from storage. */
    public StreamMetadata metadata(String stream) {
        StreamMetadata m = metadataStore.current(stream);
        cache(m);
        return m;
    }

    /**
     * Remembers {@code m} unless a newer version of the same stream is already cached: a thread
     * that read an older version must not undo a newer one (writers route with the cache, and an
     * older layout could put a key's record into a parent after its child). A stream deleted and
     * created again has another creation time and replaces the cache whatever its version.
     */
    private void cache(StreamMetadata m) {
        metadataCache.merge(
                m.streamName(),
                m,
                (old, fresh) ->
                        old.createdMillis() == fresh.createdMillis()
                                        && old.version() > fresh.version()
                                ? old
                                : fresh);
    }

    /** The stream's metadata as last seen by this store (reading it if never seen). */
    public StreamMetadata cachedMetadata(String stream) {
        StreamMetadata m = metadataCache.get(stream);
        return m != null ? m : metadata(stream);
    }

    public StreamDescription describeStream(String stream) {
        StreamMetadata m = metadata(stream);
        List<ShardDescription> shards = new ArrayList<>();
        for (ShardMetadata s : m.shards()) {
            String start = new SequenceNumber(s.ordinal(), 0).toString();
            String end = null;
            if (!s.isOpen()) {
                try {
                    long seal = shardLog(stream, s.shardId()).sealOffset();
                    if (seal >= 0) {
                        end = new SequenceNumber(s.ordinal(), Math.max(0, seal - 1)).toString();
                    }
                } catch (IOException e) {
                    throw BrookException.io("could not read shard " + s.shardId(), e);
                }
            }
            shards.add(new ShardDescription(s, start, end));
        }
        return new StreamDescription(m, shards);
    }

    /**
     * Changes the retention period; see {@link #increaseRetention} / {@link #decreaseRetention}.
     */
    public StreamMetadata setRetention(String stream, Duration retention) {
        if (retention.isZero() || retention.isNegative()) {
            throw BrookException.invalidArgument(
                    "retention period must be positive, got " + retention);
        }
        while (true) {
            StreamMetadata m = metadata(stream);
            StreamMetadata next = m.withRetention(retention.toMillis());
            if (metadataStore.publish(next)) {
                cache(next);
                LOG.info("Stream {}: retention period set to {}", stream, retention);
                return next;
            }
        }
    }

    /** As Kinesis: the new period must not be shorter than the current one. */
    public StreamMetadata increaseRetention(String stream, Duration retention) {
        long current = metadata(stream).retentionMillis();
        if (retention.toMillis() < current) {
            throw BrookException.invalidArgument(
                    "increase-stream-retention-period: "
                            + retention.toHours()
                            + " hours is shorter than the current "
                            + Duration.ofMillis(current).toHours()
                            + " hours");
        }
        return setRetention(stream, retention);
    }

    /** As Kinesis: the new period must not be longer than the current one. */
    public StreamMetadata decreaseRetention(String stream, Duration retention) {
        long current = metadata(stream).retentionMillis();
        if (retention.toMillis() > current) {
            throw BrookException.invalidArgument(
                    "decrease-stream-retention-period: "
                            + retention.toHours()
                            + " hours is longer than the current "
                            + Duration.ofMillis(current).toHours()
                            + " hours");
        }
        return setRetention(stream, retention);
    }

    /** Replaces the stream's free-form properties (the catalog keeps table schemas here). */
    public StreamMetadata setProperties(String stream, Map<String, String> properties) {
        while (true) {
            StreamMetadata next = metadata(stream).withProperties(properties);
            if (metadataStore.publish(next)) {
                cache(next);
                return next;
            }
        }
    }

    // ---------------------------------------------------------------- writing

    public PutRecordResult putRecord(String stream, String partitionKey, byte[] data) {
        return putRecord(stream, partitionKey, data, null);
    }

    /** Puts one record; bad input throws an error naming the field and its limit. */
    public PutRecordResult putRecord(
            String stream, String partitionKey, byte[] data, String explicitHashKey) {
        PutRecordsResult r =
                putRecords(
                        stream, List.of(new PutRecordsEntry(partitionKey, data, explicitHashKey)));
        PutRecordsResult.Entry e = r.records().get(0);
        if (e.failed()) {
            throw new BrookException(e.errorCode(), e.errorMessage());
        }
        return new PutRecordResult(e.shardId(), e.sequenceNumber());
    }

    /**
     * Puts up to 500 records. Each record succeeds or fails on its own, as PutRecords: a bad record
     * gets an error in its entry and the good ones around it are written.
     */
    public PutRecordsResult putRecords(String stream, List<PutRecordsEntry> entries) {
        if (entries.isEmpty() || entries.size() > BrookStoreOptions.MAX_PUT_RECORDS) {
            throw BrookException.invalidArgument(
                    "a batch put takes 1 to "
                            + BrookStoreOptions.MAX_PUT_RECORDS
                            + " records, got "
                            + entries.size());
        }
        StreamMetadata meta = cachedMetadata(stream);
        ShardRouter router = new ShardRouter(meta);
        PutRecordsResult.Entry[] results = new PutRecordsResult.Entry[entries.size()];
        Map<String, ShardBatch<Integer>> batches = new LinkedHashMap<>();
        int failed = 0;
        for (int i = 0; i < entries.size(); i++) {
            PutRecordsEntry e = entries.get(i);
            try {
                PartitionKeys.validate(e.partitionKey());
                byte[] data = e.data() == null ? new byte[0] : e.data();
                checkRecordSize(meta, data.length);
                HashKey explicit =
                        e.explicitHashKey() == null ? null : HashKey.parse(e.explicitHashKey());
                byte[] key = e.partitionKey().getBytes(StandardCharsets.UTF_8);
                HashKey routing =
                        explicit != null ? explicit : HashKey.ofPartitionKey(e.partitionKey());
                String shard = router.route(routing).shardId();
                batches.computeIfAbsent(shard, s -> new ShardBatch<>(s, 4096))
                        .add(key, explicit, data, 0, data.length, i);
            } catch (BrookException ex) {
                results[i] =
                        new PutRecordsResult.Entry(null, null, ex.errorCode(), ex.getMessage());
                failed++;
            }
        }
        publish(
                stream,
                batches.values(),
                (i, shardId, offset, arrival) ->
                        results[i] =
                                new PutRecordsResult.Entry(
                                        shardId,
                                        new SequenceNumber(ShardIds.ordinal(shardId), offset)
                                                .toString(),
                                        null,
                                        null));
        return new PutRecordsResult(failed, Arrays.asList(results));
    }

    /** Checks a record's data size against the stream's limit. */
    public static void checkRecordSize(StreamMetadata meta, int size) {
        if (size > meta.maxRecordBytes()) {
            throw BrookException.invalidArgument(
                    "record data has "
                            + size
                            + " bytes; stream "
                            + meta.streamName()
                            + " accepts at most "
                            + meta.maxRecordBytes()
                            + " bytes per record");
        }
    }

    /**
     * Publishes each batch as one segment of its shard. A batch whose shard was sealed by a reshard
     * is re-routed, record by record, to the shards that now hold its keys.
     */
    public <T> void publish(
            String stream, Iterable<ShardBatch<T>> batches, PublishListener<T> listener) {
        List<ShardBatch<T>> pending = new ArrayList<>();
        batches.forEach(pending::add);
        while (!pending.isEmpty()) {
            List<ShardBatch<T>> rerouted = new ArrayList<>();
            for (ShardBatch<T> batch : pending) {
                if (batch.count() == 0) {
                    continue;
                }
                try {
                    ShardLog.Appended a =
                            shardLog(stream, batch.shardId()).append(batch.builder(), writerId, 0);
                    for (int i = 0; batch.isTagged() && i < a.count(); i++) {
                        listener.published(
                                batch.tag(i),
                                batch.shardId(),
                                a.baseOffset() + i,
                                a.arrivalMillis());
                    }
                } catch (ShardClosedException closed) {
                    rerouted.addAll(reroute(stream, batch));
                } catch (IOException e) {
                    throw BrookException.io(
                            "could not write to shard " + batch.shardId() + " of " + stream, e);
                }
            }
            pending = rerouted;
        }
    }

    private <T> List<ShardBatch<T>> reroute(String stream, ShardBatch<T> batch) {
        Map<String, ShardBatch<T>> out = new LinkedHashMap<>();
        batch.rerouteInto(
                new ShardRouter(metadata(stream)),
                shard -> out.computeIfAbsent(shard, s -> new ShardBatch<>(s, batch.bytes())));
        return new ArrayList<>(out.values());
    }

    // ---------------------------------------------------------------- reading

    /** Opens a reader on one shard at a starting position. */
    public ShardReader openShardReader(String stream, String shardId, StartingPosition position) {
        return openShardReader(stream, shardId, position, SegmentReader.DEFAULT_CHUNK);
    }

    public ShardReader openShardReader(
            String stream, String shardId, StartingPosition position, int chunkSize) {
        StreamMetadata meta = metadata(stream);
        ShardMetadata shard = meta.requireShard(shardId);
        long offset = resolve(stream, shard, position);
        return openShardReaderAt(stream, shardId, offset, chunkSize);
    }

    /** Opens a reader on one shard at an offset (e.g. restored from a checkpoint). */
    public ShardReader openShardReaderAt(
            String stream, String shardId, long offset, int chunkSize) {
        cachedMetadata(stream).requireShard(shardId);
        return new ShardReader(
                shardLog(stream, shardId),
                () -> metadata(stream),
                offset,
                chunkSize,
                config.get(BrookStoreOptions.READ_PREFETCH) ? SegmentPrefetcher.shared() : null);
    }

    /** The most records one {@link #getRecords} returns, as Kinesis' GetRecords limit. */
    public static final int MAX_GET_RECORDS = 10_000;

    /** Reads up to {@code limit} records of one shard, as GetRecords. */
    public GetRecordsResult getRecords(
            String stream, String shardId, StartingPosition position, int limit) {
        if (limit < 1 || limit > MAX_GET_RECORDS) {
            throw BrookException.invalidArgument(
                    "limit " + limit + " is out of range: 1 to " + MAX_GET_RECORDS);
        }
        try (ShardReader r = openShardReader(stream, shardId, position)) {
            return r.read(limit);
        } catch (IOException e) {
            throw BrookException.io("could not read shard " + shardId + " of " + stream, e);
        }
    }

    /** The offset a starting position denotes in a shard. */
    public long resolve(String stream, ShardMetadata shard, StartingPosition position) {
        ShardLog log = shardLog(stream, shard.shardId());
        try {
            switch (position.type()) {
                case TRIM_HORIZON:
                    return trimHorizon(log);
                case LATEST:
                    return log.endOffset();
                case AT_SEQUENCE_NUMBER:
                case AFTER_SEQUENCE_NUMBER:
                    SequenceNumber sn = SequenceNumber.parse(position.sequenceNumber());
                    if (sn.shardOrdinal() != shard.ordinal()) {
                        throw BrookException.invalidArgument(
                                "sequence number "
                                        + position.sequenceNumber()
                                        + " belongs to "
                                        + ShardIds.format(sn.shardOrdinal())
                                        + ", not "
                                        + shard.shardId());
                    }
                    return position.type() == StartingPosition.Type.AT_SEQUENCE_NUMBER
                            ? sn.offset()
                            : sn.offset() + 1;
                case AT_TIMESTAMP:
                    return offsetAtTimestamp(log, position.timestampMillis());
                default:
                    throw new IllegalStateException(position.type().toString());
            }
        } catch (IOException e) {
            throw BrookException.io("could not read shard " + shard.shardId(), e);
        }
    }

    /** The oldest offset still stored in a shard. */
    public long trimHorizon(String stream, String shardId) {
        try {
            return trimHorizon(shardLog(stream, shardId));
        } catch (IOException e) {
            throw BrookException.io("could not list shard " + shardId, e);
        }
    }

    private static long trimHorizon(ShardLog log) throws IOException {
        return Math.max(0, log.listBases().lowestBase());
    }

    /** The first offset whose arrival time is at or after {@code millis}, or the end. */
    private long offsetAtTimestamp(ShardLog log, long millis) throws IOException {
        scan:
        while (true) {
            for (ShardLog.SegmentRef ref : log.list().segments()) {
                SegmentFile f = log.openOrNull(ref.path());
                if (f == null) {
                    // Gone since the listing: compaction merged it into an earlier segment,
                    // which we may have opened before the merge, or retention trimmed it.
                    continue scan;
                }
                if (f.isSeal()) {
                    return f.baseOffset();
                }
                if (f.maxArrivalMillis() < millis) {
                    continue;
                }
                try (SegmentReader r = new SegmentReader(files.fs(), f, f.baseOffset())) {
                    List<Record> batch = new ArrayList<>();
                    while (r.read(batch::add, 1024) > 0) {
                        for (Record rec : batch) {
                            if (rec.arrivalMillis() >= millis) {
                                return rec.offset();
                            }
                        }
                        batch.clear();
                    }
                } catch (FileNotFoundException gone) {
                    continue scan;
                }
            }
            return log.endOffset();
        }
    }

    // ---------------------------------------------------------------- resharding

    /** Splits an open shard at {@code newStartingHashKey}; returns the two children. */
    public List<ShardMetadata> splitShard(
            String stream, String shardId, String newStartingHashKey) {
        return new Resharder(this).split(stream, shardId, HashKey.parse(newStartingHashKey));
    }

    /** Merges two open shards with adjacent ranges; returns the child. */
    public ShardMetadata mergeShards(String stream, String shardId, String adjacentShardId) {
        return new Resharder(this).merge(stream, shardId, adjacentShardId);
    }

    /** Re-lays the stream out as {@code target} shards of even ranges (uniform scaling). */
    public List<ShardMetadata> updateShardCount(String stream, int target) {
        return new Resharder(this).updateShardCount(stream, target);
    }

    boolean publishMetadata(StreamMetadata next) {
        try {
            for (ShardMetadata s : next.shards()) {
                files.fs().mkdirs(layout.shard(next.streamName(), s.shardId()));
            }
        } catch (IOException e) {
            throw BrookException.io("could not create shards of " + next.streamName(), e);
        }
        boolean ok = metadataStore.publish(next);
        if (ok) {
            cache(next);
        }
        return ok;
    }

    // ---------------------------------------------------------------- retention

    public ConsumerRegistry consumers() {
        return consumers;
    }

    /** Deletes expired segments of every shard; see {@link RetentionEnforcer}. */
    public RetentionEnforcer.Report enforceRetention(String stream) {
        return new RetentionEnforcer(this).enforce(stream);
    }

    /** Two-phase (staged, then committed) segment writes for exactly-once sinks. */
    public StagedSegments staged() {
        return new StagedSegments(this);
    }

    /** Merges small segments of every shard; see {@link Compactor}. */
    public Compactor.Report compact(String stream) {
        return new Compactor(this).compact(stream);
    }

    // ---------------------------------------------------------------- internals

    /** The segment log of one shard, shared by all users of this store. */
    public ShardLog shardLog(String stream, String shardId) {
        return logs.computeIfAbsent(
                stream + "/" + shardId,
                k ->
                        new ShardLog(
                                stream,
                                shardId,
                                layout,
                                files,
                                clock,
                                config.get(BrookStoreOptions.CLEANUP_MIN_AGE).toMillis()));
    }

    StoreLayout layout() {
        return layout;
    }

    FileOps files() {
        return files;
    }

    public FileSystem fileSystem() {
        return files.fs();
    }

    @Override
    public void close() {
        logs.clear();
        metadataCache.clear();
    }
}
