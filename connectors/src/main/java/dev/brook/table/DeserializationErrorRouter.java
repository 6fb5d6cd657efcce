package dev.brook.table;

import dev.brook.sink.StagedSerializer;
import dev.brook.store.BrookStore;
import dev.brook.store.HashKey;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.PutRecordsResult;
import dev.brook.store.ShardBatch;
import dev.brook.store.ShardRouter;
import dev.brook.store.StagedSegments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Right behind the source of a table with {@code 'scan.deserialization-errors' = 'route'} (chained
 * to it): passes decoded rows on and writes the error records to the error stream.
 *
 * <p>With checkpointing, exactly once, as the exactly-once sink does it: the error records that
 * arrived before a checkpoint's barrier are staged as segments of the error stream when the
 * checkpoint is taken, the staged segments are kept in this operator's state, and they are
 * published once the checkpoint completed. A job restored from a checkpoint publishes the segments
 * in its state (publishing is idempotent, so a segment published before the failure is not
 * published again), and re-reads, and routes again, only the records after the checkpoint, whose
 * staged segments (if any) were never published. Without checkpointing each error record is
 * published at once (a restart then reads and routes from the start position again).
 */
final class DeserializationErrorRouter
        extends ProcessFunction<Either<RowData, Tuple2<String, byte[]>>, RowData>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final StagedSerializer STAGED = new StagedSerializer();

    private final String root;
    private final String errorStream;

    private transient BrookStore store;
    private transient boolean checkpointing;
    private transient UUID writerId;
    private transient List<PutRecordsEntry> buffered;

    /** Staged segments by the checkpoint that staged them, until it completes. */
    private transient TreeMap<Long, List<StagedSegments.Staged>> staged;

    private transient ListState<byte[]> state;

    DeserializationErrorRouter(String root, String errorStream) {
        this.root = root;
        this.errorStream = errorStream;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        store = BrookStore.open(root);
        writerId = UUID.randomUUID();
        buffered = new ArrayList<>();
        staged = new TreeMap<>();
        state =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "brook-deserialization-errors-staged",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        // Restored segments were staged for the checkpoint restored from, which completed.
        for (byte[] bytes : state.get()) {
            store.staged()
                    .commit(SimpleVersionedSerialization.readVersionAndDeSerialize(STAGED, bytes));
        }
        state.clear();
    }

    @Override
    public void open(OpenContext openContext) {
        checkpointing =
                getRuntimeContext() instanceof StreamingRuntimeContext
                        && CheckpointingOptions.isCheckpointingEnabled(
                                ((StreamingRuntimeContext) getRuntimeContext())
                                        .getJobConfiguration());
    }

    @Override
    public void processElement(
            Either<RowData, Tuple2<String, byte[]>> value, Context ctx, Collector<RowData> out) {
        if (value.isLeft()) {
            out.collect(value.left());
            return;
        }
        Tuple2<String, byte[]> error = value.right();
        buffered.add(new PutRecordsEntry(error.f0, error.f1));
        if (!checkpointing) {
            publishBuffered();
        }
    }

    private void publishBuffered() {
        if (buffered.isEmpty()) {
            return;
        }
        PutRecordsResult r = store.putRecords(errorStream, buffered);
        if (r.failedRecordCount() > 0) {
            throw new IllegalStateException(
                    "could not write to the error stream '"
                            + errorStream
                            + "': "
                            + r.records().stream()
                                    .filter(PutRecordsResult.Entry::failed)
                                    .findFirst()
                                    .map(PutRecordsResult.Entry::errorMessage)
                                    .orElse(""));
        }
        buffered.clear();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        long checkpointId = context.getCheckpointId();
        if (!buffered.isEmpty()) {
            staged.put(checkpointId, stage(checkpointId));
            buffered.clear();
        }
        state.clear();
        for (List<StagedSegments.Staged> segments : staged.values()) {
            for (StagedSegments.Staged s : segments) {
                state.add(SimpleVersionedSerialization.writeVersionAndSerialize(STAGED, s));
            }
        }
    }

    /** Stages the buffered error records, one segment per shard of the error stream. */
    private List<StagedSegments.Staged> stage(long checkpointId) throws IOException {
        ShardRouter router = new ShardRouter(store.metadata(errorStream));
        Map<String, ShardBatch<Void>> batches = new LinkedHashMap<>();
        for (PutRecordsEntry e : buffered) {
            byte[] key = e.partitionKey().getBytes(StandardCharsets.UTF_8);
            String shard = router.route(HashKey.ofPartitionKey(e.partitionKey())).shardId();
            batches.computeIfAbsent(shard, s -> new ShardBatch<>(s, 4096))
                    .add(key, null, e.data(), 0, e.data().length, null);
        }
        List<StagedSegments.Staged> out = new ArrayList<>();
        for (ShardBatch<Void> b : batches.values()) {
            out.add(
                    store.staged()
                            .stage(errorStream, b.shardId(), b.builder(), writerId, checkpointId));
        }
        return out;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        Map<Long, List<StagedSegments.Staged>> done = staged.headMap(checkpointId, true);
        for (List<StagedSegments.Staged> segments : done.values()) {
            for (StagedSegments.Staged s : segments) {
                store.staged().commit(s);
            }
        }
        done.clear();
    }

    @Override
    public void close() throws Exception {
        if (store != null) {
            store.close();
        }
    }
}
