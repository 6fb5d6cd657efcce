package dev.brook.source.reader;

import dev.brook.source.split.BrookShardSplit;
import dev.brook.store.BrookStore;
import dev.brook.store.GetRecordsResult;
import dev.brook.store.Record;
import dev.brook.store.ShardReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

/**
 * Reads all shards assigned to one source reader from a single fetcher thread, round robin, so a
 * reader with many shards still has one thread. When every shard is at its end it waits a short
 * idle interval (interruptible by {@link #wakeUp}) before probing again.
 */
final class BrookShardSplitReader implements SplitReader<Record, BrookShardSplit> {
    private final BrookStore store;
    private final String stream;
    private final int maxRecordsPerShard;
    private final long idleNanos;
    private final ShardProgress progress;
    private final Map<String, Active> active = new LinkedHashMap<>();
    private final List<String> finishedOnArrival = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean wakeUpRequested;

    /** A shard being read, and where it stops. */
    private record Active(ShardReader reader, long stopOffset) {}

    BrookShardSplitReader(
            BrookStore store,
            String stream,
            int maxRecordsPerShard,
            long idleMillis,
            ShardProgress progress) {
        this.store = store;
        this.stream = stream;
        this.maxRecordsPerShard = maxRecordsPerShard;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.progress = progress;
    }

    @Override
    public RecordsWithSplitIds<Record> fetch() throws IOException {
        RecordsBySplits.Builder<Record> out = new RecordsBySplits.Builder<>();
        boolean anything = false;
        // Splits restored as finished end at once: SourceReaderBase then releases their outputs,
        // which would otherwise hold the reader's watermark back for good.
        for (String shard : finishedOnArrival) {
            out.addFinishedSplit(shard);
            anything = true;
        }
        finishedOnArrival.clear();
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Active> e : active.entrySet()) {
            String shard = e.getKey();
            ShardReader reader = e.getValue().reader();
            long stop = e.getValue().stopOffset();
            long left = stop - reader.nextOffset();
            if (left > 0) {
                GetRecordsResult r = reader.read((int) Math.min(maxRecordsPerShard, left));
                if (!r.records().isEmpty()) {
                    anything = true;
                    out.addAll(shard, r.records());
                }
                progress.update(shard, r.millisBehindLatest(), r.skippedByRetention());
                if (r.shardEnded()) {
                    done.add(shard);
                }
            }
            if (reader.nextOffset() >= stop) {
                done.add(shard);
            }
        }
        for (String shard : done) {
            Active a = active.remove(shard);
            if (a != null) {
                progress.finished(shard, a.reader().nextOffset());
                a.reader().close();
                out.addFinishedSplit(shard);
                anything = true;
            }
        }
        if (!anything) {
            idle();
        }
        return out.build();
    }

    private void idle() {
        lock.lock();
        try {
            if (!wakeUpRequested) {
                wake.awaitNanos(idleNanos);
            }
            wakeUpRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<BrookShardSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            return;
        }
        for (BrookShardSplit split : change.splits()) {
            if (split.isFinished()) {
                progress.finished(split.shardId(), split.startOffset());
                finishedOnArrival.add(split.shardId());
                continue;
            }
            ShardReader reader =
                    split.startOffset() == BrookShardSplit.UNRESOLVED
                            ? store.openShardReader(
                                    stream, split.shardId(), split.startingPosition())
                            : store.openShardReaderAt(
                                    stream,
                                    split.shardId(),
                                    split.startOffset(),
                                    dev.brook.store.segment.SegmentReader.DEFAULT_CHUNK);
            progress.started(split.shardId());
            active.put(split.shardId(), new Active(reader, split.stopOffset()));
        }
    }

    @Override
    public void wakeUp() {
        lock.lock();
        try {
            wakeUpRequested = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws Exception {
        for (Iterator<Active> it = active.values().iterator(); it.hasNext(); ) {
            it.next().reader().close();
            it.remove();
        }
    }
}
