package dev.brook.client;

import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.HashKey;
import dev.brook.store.PartitionKeys;
import dev.brook.store.ShardBatch;
import dev.brook.store.ShardRouter;
import dev.brook.store.StreamMetadata;
import dev.brook.store.segment.SegmentBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts records into a stream asynchronously, batching per shard by size and linger time (the KPL's
 * job). {@link #send} routes the record, frames it into its shard's batch and returns a future; one
 * background thread publishes full or lingering batches, each as one segment, retrying publish
 * races and re-routing around reshards. Memory is bounded: {@code send} blocks while the buffered
 * bytes exceed {@code bufferMemory}.
 */
public final class Producer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Producer.class);

    private final BrookStore store;
    private final String stream;
    private final int batchBytes;
    private final long lingerNanos;
    private final long bufferMemory;
    private final long maxBlockNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private final Map<String, Open> open = new HashMap<>();
    private final KeyInfo[] keyCache = new KeyInfo[KEY_CACHE_SLOTS];

    /** Emptied builders of published batches, reused so a batch does not allocate its buffer. */
    private final ArrayDeque<SegmentBuilder> spare = new ArrayDeque<>();

    private final ArrayDeque<ShardBatch<CompletableFuture<SentRecord>>> ready = new ArrayDeque<>();
    private final Thread sender;
    private volatile ShardRouter router;
    private long bufferedBytes;

    /** Records in the last published batch: the expected size of the next one's tag list. */
    private int lastBatchCount = 16;

    private long unfinished;
    private boolean closing;

    private static final int KEY_CACHE_BITS = 14;
    private static final int KEY_CACHE_SLOTS = 1 << KEY_CACHE_BITS;
    private static final int MAX_SPARE_BUILDERS = 8;

    /**
     * A partition key as {@code send} needs it: checked, UTF-8 encoded and hashed. Encoding and MD5
     * cost more than all the rest of {@code send}, and real streams repeat their keys, so recently
     * sent keys are kept in a small direct-mapped cache (immutable entries: racing writers at worst
     * compute an entry twice).
     */
    private static final class KeyInfo {
        final String key;
        final byte[] utf8;
        final HashKey hashKey;

        KeyInfo(String key, byte[] utf8, HashKey hashKey) {
            this.key = key;
            this.utf8 = utf8;
            this.hashKey = hashKey;
        }
    }

    /** A shard's batch still filling, and when its first record came. */
    private static final class Open {
        final ShardBatch<CompletableFuture<SentRecord>> batch;
        final long firstNanos;

        Open(ShardBatch<CompletableFuture<SentRecord>> batch, long firstNanos) {
            this.batch = batch;
            this.firstNanos = firstNanos;
        }
    }

    private Producer(Builder b) {
        this.store = b.store;
        this.stream = b.stream;
        this.batchBytes = b.batchBytes;
        this.lingerNanos = b.linger.toNanos();
        this.bufferMemory = b.bufferMemory;
        this.maxBlockNanos = b.maxBlock.toNanos();
        this.router = new ShardRouter(store.metadata(stream));
        this.sender = new Thread(this::runSender, "brook-producer-" + stream);
        sender.setDaemon(true);
        sender.start();
    }

    public static Builder builder(BrookStore store, String stream) {
        return new Builder(store, stream);
    }

    public CompletableFuture<SentRecord> send(String partitionKey, byte[] data) {
        return send(partitionKey, null, data);
    }

    /**
     * Sends one record. Bad input (key, size, hash key) throws at once, naming the limit; publish
     * failures complete the future exceptionally.
     */
    public CompletableFuture<SentRecord> send(
            String partitionKey, String explicitHashKey, byte[] data) {
        KeyInfo k = keyInfo(partitionKey);
        ShardRouter r = router;
        BrookStore.checkRecordSize(r.metadata(), data.length);
        HashKey explicit = explicitHashKey == null ? null : HashKey.parse(explicitHashKey);
        byte[] key = k.utf8;
        HashKey routing = explicit != null ? explicit : k.hashKey;
        int size = SegmentBuilder.framedSize(key.length, explicit != null, data.length);
        CompletableFuture<SentRecord> future = new CompletableFuture<>();
        lock.lock();
        try {
            awaitSpace(size);
            // Routed under the lock so that no record can join a batch of a shard that a
            // concurrent router change has already re-routed (per-key order).
            String shardId = router.route(routing).shardId();
            Open o = open.get(shardId);
            if (o != null && o.batch.bytes() + size > batchBytes) {
                // Publish the batch as it is rather than grow it past the batch size: growing
                // would copy the whole buffer for one record.
                open.remove(shardId);
                ready.add(o.batch);
                work.signal();
                o = null;
            }
            if (o == null) {
                o = new Open(newBatch(shardId), System.nanoTime());
                open.put(shardId, o);
                // The sender may be asleep for want of any batch: it must start this one's linger.
                work.signal();
            }
            o.batch.add(key, explicit, data, 0, data.length, future);
            bufferedBytes += size;
            unfinished++;
            if (o.batch.bytes() >= batchBytes) {
                open.remove(shardId);
                ready.add(o.batch);
                work.signal();
            }
        } finally {
            lock.unlock();
        }
        return future;
    }

    private KeyInfo keyInfo(String partitionKey) {
        // Fibonacci hashing: String hash codes of similar keys differ mostly in their low bits.
        int slot = (partitionKey.hashCode() * 0x9E3779B9) >>> (32 - KEY_CACHE_BITS);
        KeyInfo k = keyCache[slot];
        if (k != null && k.key.equals(partitionKey)) {
            return k;
        }
        PartitionKeys.validate(partitionKey);
        byte[] utf8 = partitionKey.getBytes(StandardCharsets.UTF_8);
        k = new KeyInfo(partitionKey, utf8, HashKey.ofPartitionKeyBytes(utf8, 0, utf8.length));
        keyCache[slot] = k;
        return k;
    }

    /** A new batch, on a spare builder if there is one. Called under the lock. */
    private ShardBatch<CompletableFuture<SentRecord>> newBatch(String shardId) {
        SegmentBuilder b = spare.poll();
        if (b == null) {
            b =
                    new SegmentBuilder(
                            Math.min(batchBytes, 1 << 20), SegmentBuilder.DEFAULT_INDEX_INTERVAL);
        }
        return new ShardBatch<>(shardId, b, lastBatchCount);
    }

    private void awaitSpace(int size) {
        if (closing) {
            throw new IllegalStateException("producer for " + stream + " is closed");
        }
        long deadline = 0; // read the clock only when there is a wait
        while (bufferedBytes > 0 && bufferedBytes + size > bufferMemory) {
            if (deadline == 0) {
                deadline = System.nanoTime() + maxBlockNanos;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw BrookException.limitExceeded(
                        "producer buffer for stream "
                                + stream
                                + " stayed full ("
                                + bufferMemory
                                + " bytes) for "
                                + Duration.ofNanos(maxBlockNanos).toMillis()
                                + " ms");
            }
            try {
                progress.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrookException("InterruptedException", "interrupted while sending");
            }
        }
    }

    /** Publishes everything sent so far and waits until it is published (or failed). */
    public void flush() {
        lock.lock();
        try {
            moveAllOpenToReady();
            while (unfinished > 0) {
                progress.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void moveAllOpenToReady() {
        for (Open o : open.values()) {
            ready.add(o.batch);
        }
        open.clear();
        work.signal();
    }

    private void runSender() {
        List<ShardBatch<CompletableFuture<SentRecord>>> take = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                while (ready.isEmpty() && !closing) {
                    long wait = lingerWaitNanos();
                    if (wait <= 0) {
                        break;
                    }
                    work.awaitNanos(wait);
                }
                moveLingeringToReady();
                if (ready.isEmpty() && closing && open.isEmpty()) {
                    return;
                }
                take.addAll(ready);
                ready.clear();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            for (ShardBatch<CompletableFuture<SentRecord>> b : take) {
                publish(b);
            }
            take.clear();
        }
    }

    private long lingerWaitNanos() {
        long now = System.nanoTime();
        long wait = open.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(200) : Long.MAX_VALUE;
        for (Open o : open.values()) {
            wait = Math.min(wait, o.firstNanos + lingerNanos - now);
        }
        return wait;
    }

    private void moveLingeringToReady() {
        long now = System.nanoTime();
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            Open o = it.next();
            if (closing || now - o.firstNanos >= lingerNanos) {
                ready.add(o.batch);
                it.remove();
            }
        }
    }

    private void publish(ShardBatch<CompletableFuture<SentRecord>> batch) {
        int n = batch.count();
        long bytes = batch.bytes();
        try {
            store.publish(
                    stream,
                    List.of(batch),
                    (future, shardId, offset, arrival) ->
                            future.complete(new SentRecord(shardId, offset)));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Producer for {}: publishing {} records failed: {}", stream, n, e.getMessage());
            for (CompletableFuture<SentRecord> f : batch.tags()) {
                f.completeExceptionally(e);
            }
        }
        StreamMetadata latest = store.cachedMetadata(stream);
        SegmentBuilder builder = batch.builder();
        builder.clear();
        lock.lock();
        try {
            if (spare.size() < MAX_SPARE_BUILDERS) {
                spare.add(builder);
            }
            lastBatchCount = Math.max(16, n);
            if (latest.version() > router.metadata().version()) {
                router = new ShardRouter(latest);
                rerouteOpenBatches();
            }
            bufferedBytes -= bytes;
            unfinished -= n;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a reshard, moves the records of still-open batches of closed shards to their new
     * shards' batches, ahead of any record sent from now on, so per-key order holds.
     */
    private void rerouteOpenBatches() {
        Map<String, Open> moved = new HashMap<>();
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            Open o = it.next();
            if (router.metadata().shard(o.batch.shardId()).map(s -> !s.isOpen()).orElse(true)) {
                it.remove();
                moved.put(o.batch.shardId(), o);
            }
        }
        for (Open o : moved.values()) {
            o.batch.rerouteInto(
                    router,
                    shard ->
                            open.computeIfAbsent(
                                            shard,
                                            s ->
                                                    new Open(
                                                            new ShardBatch<>(s, o.batch.bytes()),
                                                            o.firstNanos))
                                    .batch);
        }
    }

    /** Publishes what is buffered and stops the sender thread. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            moveAllOpenToReady();
        } finally {
            lock.unlock();
        }
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings of a producer; every one has a default. */
    public static final class Builder {
        private final BrookStore store;
        private final String stream;
        private int batchBytes = 1 << 20;
        private Duration linger = Duration.ofMillis(20);
        private long bufferMemory = 64L << 20;
        private Duration maxBlock = Duration.ofSeconds(60);

        private Builder(BrookStore store, String stream) {
            this.store = store;
            this.stream = stream;
        }

        /** Publish a shard's batch once its framed records reach this size (default 1 MiB). */
        public Builder batchBytes(int bytes) {
            if (bytes < 1 || bytes > 256 << 20) {
                throw BrookException.invalidArgument(
                        "batch size " + bytes + " bytes is out of range: 1 to 256 MiB");
            }
            this.batchBytes = bytes;
            return this;
        }

        /** Publish a shard's batch at most this long after its first record (default 20 ms). */
        public Builder linger(Duration linger) {
            if (linger.isNegative()) {
                throw BrookException.invalidArgument("linger must not be negative: " + linger);
            }
            this.linger = linger;
            return this;
        }

        /** Bytes buffered before {@code send} blocks (default 64 MiB). */
        public Builder bufferMemory(long bytes) {
            if (bytes < 1) {
                throw BrookException.invalidArgument("buffer memory must be positive: " + bytes);
            }
            this.bufferMemory = bytes;
            return this;
        }

        /** How long {@code send} blocks on a full buffer before failing (default 60 s). */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
            return this;
        }

        public Producer build() {
            return new Producer(this);
        }
    }
}
