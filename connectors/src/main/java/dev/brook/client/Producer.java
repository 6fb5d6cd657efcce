package dev.brook.client;

import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.HashKey;
import dev.brook.store.PartitionKeyCache;
import dev.brook.store.PartitionKeyTable;
import dev.brook.store.ShardBatch;
import dev.brook.store.ShardRouter;
import dev.brook.store.StreamMetadata;
import dev.brook.store.segment.SegmentBuilder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts records into a stream asynchronously, batching per shard by size and linger time (the KPL's
 * job). {@link #send} routes the record, frames it into its shard's batch and returns a future;
 * {@link #write} does the same without a future, for throughput, and reports failures at the next
 * {@link #flush}. One background thread publishes full or lingering batches, each as one segment,
 * retrying publish races and re-routing around reshards. Memory is bounded: {@code send} and {@code
 * write} block while the buffered bytes exceed {@code bufferMemory}.
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

    /** This producer's keys, used under the lock. */
    private final PartitionKeyTable keys = new PartitionKeyTable(PartitionKeyCache.shared());

    /** Emptied builders of published batches, reused so a batch does not allocate its buffer. */
    private final ArrayDeque<SegmentBuilder> spare = new ArrayDeque<>();

    private final ArrayDeque<ShardBatch<CompletableFuture<SentRecord>>> ready = new ArrayDeque<>();
    private final Thread sender;

    /** Routes keys to open shards; changed only under the lock. */
    private ShardRouter router;

    /** The batch still filling of each open shard, by the shard's index in {@link #router}. */
    private Open[] open;

    private int openCount;
    private long bufferedBytes;

    /** Records in the last published batch: the expected size of the next one's tag list. */
    private int lastBatchCount = 16;

    private long unfinished;
    private boolean closing;

    /** Records sent by {@link #write} that failed since the last flush, and the first failure. */
    private long failedWrites;

    private RuntimeException firstWriteFailure;

    private static final int MAX_SPARE_BUILDERS = 8;

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
        this.open = new Open[router.size()];
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
        CompletableFuture<SentRecord> future = new CompletableFuture<>();
        append(partitionKey, explicitHashKey, data, future);
        return future;
    }

    public void write(String partitionKey, byte[] data) {
        append(partitionKey, null, data, null);
    }

    /**
     * Sends one record as {@link #send} does, in the same order with the records sent either way,
     * but without a future: nothing is kept per record beyond its bytes, so this is the cheapest
     * way to send many records. Bad input throws at once; if a record cannot be published, the next
     * {@link #flush} (or {@link #close}) throws.
     */
    public void write(String partitionKey, String explicitHashKey, byte[] data) {
        append(partitionKey, explicitHashKey, data, null);
    }

    private void append(
            String partitionKey,
            String explicitHashKey,
            byte[] data,
            CompletableFuture<SentRecord> future) {
        HashKey explicit = explicitHashKey == null ? null : HashKey.parse(explicitHashKey);
        lock.lock();
        try {
            int k = keys.find(partitionKey);
            int size = SegmentBuilder.framedSize(keys.keyLength(k), explicit != null, data.length);
            BrookStore.checkRecordSize(router.metadata(), data.length);
            if (awaitSpace(size)) {
                k = keys.find(partitionKey); // another caller may have changed the table
            }
            // Routed under the lock so that no record can join a batch of a shard that a
            // concurrent router change has already re-routed (per-key order).
            int shard = explicit != null ? router.indexOf(explicit) : keys.shardIndex(k, router);
            Open o = open[shard];
            if (o != null && o.batch.bytes() + size > batchBytes) {
                // Publish the batch as it is rather than grow it past the batch size: growing
                // would copy the whole buffer for one record.
                closeBatch(shard);
                o = null;
            }
            if (o == null) {
                o = new Open(newBatch(router.shard(shard).shardId()), System.nanoTime());
                open[shard] = o;
                openCount++;
                // The sender may be asleep for want of any batch: it must start this one's linger.
                work.signal();
            }
            o.batch.add(
                    keys.keyBytes(k),
                    keys.keyOffset(k),
                    keys.keyLength(k),
                    explicit,
                    data,
                    0,
                    data.length,
                    future);
            bufferedBytes += size;
            unfinished++;
            if (o.batch.bytes() >= batchBytes) {
                closeBatch(shard);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Hands the open batch of shard {@code index} to the sender. Called under the lock. */
    private void closeBatch(int index) {
        ready.add(open[index].batch);
        open[index] = null;
        openCount--;
        work.signal();
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

    /** Waits until {@code size} more bytes fit in the buffer; true if it had to wait. */
    private boolean awaitSpace(int size) {
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
        return deadline != 0;
    }

    /**
     * Publishes everything sent so far and waits until it is published (or failed).
     *
     * @throws BrookException if records sent by {@link #write} since the last flush could not be
     *     published
     */
    public void flush() {
        lock.lock();
        try {
            moveAllOpenToReady();
            while (unfinished > 0) {
                progress.awaitUninterruptibly();
            }
            throwWriteFailures();
        } finally {
            lock.unlock();
        }
    }

    /** Throws, once, what publishing records sent by {@link #write} ran into. Under the lock. */
    private void throwWriteFailures() {
        if (failedWrites == 0) {
            return;
        }
        long failed = failedWrites;
        RuntimeException cause = firstWriteFailure;
        failedWrites = 0;
        firstWriteFailure = null;
        throw new BrookException(
                cause instanceof BrookException be ? be.errorCode() : "InternalFailure",
                "producer for stream "
                        + stream
                        + ": "
                        + failed
                        + " records sent without a future were not published (the first failure:"
                        + " "
                        + cause.getMessage()
                        + ")",
                cause);
    }

    private void moveAllOpenToReady() {
        for (int i = 0; i < open.length; i++) {
            if (open[i] != null) {
                ready.add(open[i].batch);
                open[i] = null;
            }
        }
        openCount = 0;
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
                if (ready.isEmpty() && closing && openCount == 0) {
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
        long wait = openCount == 0 ? TimeUnit.MILLISECONDS.toNanos(200) : Long.MAX_VALUE;
        for (Open o : open) {
            if (o != null) {
                wait = Math.min(wait, o.firstNanos + lingerNanos - now);
            }
        }
        return wait;
    }

    private void moveLingeringToReady() {
        long now = System.nanoTime();
        for (int i = 0; i < open.length; i++) {
            Open o = open[i];
            if (o != null && (closing || now - o.firstNanos >= lingerNanos)) {
                closeBatch(i);
            }
        }
    }

    private void publish(ShardBatch<CompletableFuture<SentRecord>> batch) {
        int n = batch.count();
        long bytes = batch.bytes();
        RuntimeException failure = null;
        try {
            store.publish(
                    stream,
                    List.of(batch),
                    (future, shardId, offset, arrival) -> {
                        if (future != null) {
                            future.complete(new SentRecord(shardId, offset));
                        }
                    });
        } catch (RuntimeException e) {
            LOG.warn(
                    "Producer for {}: publishing {} records failed: {}", stream, n, e.getMessage());
            failure = e;
        }
        long failedWithoutFuture = 0;
        if (failure != null) {
            for (int i = 0; i < n; i++) {
                CompletableFuture<SentRecord> f = batch.tag(i);
                if (f != null) {
                    f.completeExceptionally(failure);
                } else {
                    failedWithoutFuture++;
                }
            }
        }
        StreamMetadata latest = latestMetadata();
        SegmentBuilder builder = batch.builder();
        builder.clear();
        lock.lock();
        try {
            if (spare.size() < MAX_SPARE_BUILDERS) {
                spare.add(builder);
            }
            lastBatchCount = Math.max(16, n);
            if (failedWithoutFuture > 0) {
                if (firstWriteFailure == null) {
                    firstWriteFailure = failure;
                }
                failedWrites += failedWithoutFuture;
            }
            if (latest != null && latest.version() > router.metadata().version()) {
                rerouteOpenBatches(new ShardRouter(latest));
            }
            bufferedBytes -= bytes;
            unfinished -= n;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The stream's metadata, or null if it cannot be read (deleted): routing stays as it is. */
    private StreamMetadata latestMetadata() {
        try {
            return store.cachedMetadata(stream);
        } catch (BrookException e) {
            return null;
        }
    }

    /**
     * After a reshard, moves the records of still-open batches of closed shards to their new
     * shards' batches, ahead of any record sent from now on, so per-key order holds. Called under
     * the lock.
     */
    private void rerouteOpenBatches(ShardRouter next) {
        Open[] now = new Open[next.size()];
        List<Open> moved = new ArrayList<>();
        for (Open o : open) {
            if (o == null) {
                continue;
            }
            int still = indexOfShard(next, o.batch.shardId());
            if (still >= 0) {
                now[still] = o;
            } else {
                moved.add(o);
            }
        }
        for (Open o : moved) {
            o.batch.rerouteInto(
                    next,
                    shard -> {
                        int i = indexOfShard(next, shard);
                        if (now[i] == null) {
                            now[i] =
                                    new Open(
                                            new ShardBatch<>(shard, o.batch.bytes()), o.firstNanos);
                        }
                        return now[i].batch;
                    });
        }
        router = next;
        keys.forgetShards();
        open = now;
        openCount = 0;
        for (Open o : now) {
            if (o != null) {
                openCount++;
            }
        }
    }

    /** The index of an open shard in {@code r}, or -1 if it is not open there. */
    private static int indexOfShard(ShardRouter r, String shardId) {
        for (int i = 0; i < r.size(); i++) {
            if (r.shard(i).shardId().equals(shardId)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Publishes what is buffered and stops the sender thread.
     *
     * @throws BrookException if records sent by {@link #write} could not be published
     */
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
        lock.lock();
        try {
            throwWriteFailures();
        } finally {
            lock.unlock();
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
