package dev.brook.firehose.destination;

import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.metrics.DeliveryTracker;
import dev.brook.firehose.metrics.FirehoseMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records by Firehose's buffering hints, POSTs each batch to the endpoint and retries it
 * with the same request id until the retry duration has passed; what still fails is emitted as
 * {@link FailedRecord}s.
 *
 * <p>Why a custom operator: a non-keyed {@code ProcessFunction} cannot register timers, and a Sink
 * V2 writer cannot emit the failed records as a stream. So this operator uses the processing time
 * service for the buffer interval, and the task's {@link MailboxExecutor} for everything that
 * happens later: the HTTP client completes requests on its own threads and hands each outcome back
 * as a mail, and a retry's backoff is a delayed mail, so every piece of state is only touched by
 * the task thread, and nothing blocks it (retries run also while a checkpoint is taken). Retries
 * are deliberately not processing-time timers: Flink stops firing those before {@link #finish()},
 * and {@link #finish()} must wait for the last batches, retries included.
 *
 * <p>At-least-once: a checkpoint stores the open buffer and every batch not yet acknowledged
 * (records, request id, timestamp, first attempt, attempts) with a versioned serializer; a restore
 * resends each stored batch as the same request, and the source replays what came after the
 * checkpoint. An endpoint can de-duplicate by request id.
 *
 * <p>Metrics: {@code firehose.DeliveryToHttpEndpoint.Records} and {@code .Bytes} count records when
 * the endpoint accepted their request, {@code .Success} is the share of requests accepted, and
 * {@code .DataFreshness} the age of the oldest record not yet accepted (or given up).
 *
 * <p>Back-pressure: at most {@code maxConcurrentRequests} batches are open at once. When the
 * interval passes while all are taken, the buffer keeps filling and goes out as soon as a batch
 * finishes (so a slow endpoint gets bigger batches, not a queue of small ones); when it is also
 * full, {@link #processElement} yields to the mailbox until a batch finishes, which keeps outcomes,
 * retries and checkpoints flowing while the input waits.
 */
final class HttpDeliveryOperator extends AbstractStreamOperator<FailedRecord>
        implements OneInputStreamOperator<FirehoseRecord, FailedRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HttpDeliveryOperator.class);
    private static final long INITIAL_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final HttpEndpointConfig config;
    private final transient MailboxExecutor mailbox;

    private transient ListState<byte[]> state;
    private transient HttpEndpointClient client;
    private transient List<FirehoseRecord> buffer;
    private transient long bufferBytes;

    /** Changes whenever the buffer is sealed, so a timer set for an older buffer does nothing. */
    private transient long bufferGeneration;

    /** The buffer's interval passed while every request slot was taken. */
    private transient boolean bufferDue;

    /** Batches sealed and not yet delivered or given up, by request id, in sealing order. */
    private transient Map<String, HttpBatch> open;

    private transient Map<HttpBatch, byte[]> bodies;
    private transient volatile boolean closed;

    private transient DeliveryTracker tracker;

    /** The arrival time of the buffer's oldest record; MAX_VALUE when it is empty. */
    private transient long bufferOldest;

    HttpDeliveryOperator(
            StreamOperatorParameters<FailedRecord> parameters, HttpEndpointConfig config) {
        super(parameters);
        this.config = config;
        this.mailbox = parameters.getMailboxExecutor();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        buffer = new ArrayList<>();
        open = new LinkedHashMap<>();
        bodies = new java.util.IdentityHashMap<>();
        state =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "http-endpoint-batches",
                                        BytePrimitiveArraySerializer.INSTANCE));
        if (context.isRestored()) {
            for (byte[] bytes : state.get()) {
                HttpBatchSerializer.Entry e =
                        SimpleVersionedSerialization.readVersionAndDeSerialize(
                                HttpBatchSerializer.INSTANCE, bytes);
                if (e.batch() == null) {
                    for (FirehoseRecord r : e.buffered()) {
                        buffer.add(r);
                        bufferBytes += r.getData().length;
                    }
                } else {
                    open.put(e.batch().requestId(), e.batch());
                }
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        tracker =
                new DeliveryTracker(
                        getMetricGroup(),
                        getRuntimeContext(),
                        FirehoseMetrics.DELIVERY_TO_HTTP_ENDPOINT);
        bufferOldest = Long.MAX_VALUE;
        for (FirehoseRecord r : buffer) {
            bufferOldest = Math.min(bufferOldest, r.getArrivalTimeMillis());
        }
        updateFreshness();
        client =
                new HttpEndpointClient(
                        config,
                        "http-endpoint-"
                                + config.name()
                                + "-"
                                + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        if (!open.isEmpty()) {
            LOG.info(
                    "Resending {} restored batches to HTTP endpoint {} with their request ids",
                    open.size(),
                    config.name());
            for (HttpBatch b : new ArrayList<>(open.values())) {
                attempt(b);
            }
        }
        if (!buffer.isEmpty()) {
            startBufferTimer();
        }
    }

    @Override
    public void processElement(StreamRecord<FirehoseRecord> element) throws Exception {
        FirehoseRecord r = element.getValue();
        if (buffer.isEmpty()) {
            startBufferTimer();
        }
        buffer.add(r);
        bufferBytes += r.getData().length;
        if (r.getArrivalTimeMillis() < bufferOldest) {
            bufferOldest = r.getArrivalTimeMillis();
            updateFreshness();
        }
        while (bufferBytes >= config.bufferSizeBytes()) {
            if (open.size() < config.maxConcurrentRequests()) {
                sealBuffer();
            } else {
                mailbox.yield();
            }
        }
    }

    private void startBufferTimer() {
        long generation = bufferGeneration;
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService()
                .registerTimer(
                        now + config.bufferIntervalSeconds() * 1000L,
                        t -> {
                            if (generation == bufferGeneration && !buffer.isEmpty()) {
                                if (open.size() < config.maxConcurrentRequests()) {
                                    sealBuffer();
                                } else {
                                    // Keep buffering; the next free request slot sends it.
                                    bufferDue = true;
                                }
                            }
                        });
    }

    private void sealBuffer() {
        HttpBatch batch =
                HttpBatch.seal(buffer, getProcessingTimeService().getCurrentProcessingTime());
        buffer = new ArrayList<>();
        bufferBytes = 0;
        bufferOldest = Long.MAX_VALUE;
        bufferGeneration++;
        bufferDue = false;
        open.put(batch.requestId(), batch);
        attempt(batch);
    }

    /** Starts one attempt; its outcome comes back as a mail. Task thread only. */
    private void attempt(HttpBatch batch) {
        if (closed || open.get(batch.requestId()) != batch) {
            return;
        }
        byte[] body = bodies.computeIfAbsent(batch, client::body);
        batch.attemptStarted(System.currentTimeMillis());
        client.send(batch, body)
                .thenAccept(
                        outcome ->
                                mail(
                                        () -> onOutcome(batch, outcome),
                                        "HTTP endpoint outcome " + batch.requestId()));
    }

    private void onOutcome(HttpBatch batch, HttpDeliveryOutcome outcome) {
        if (open.get(batch.requestId()) != batch) {
            return;
        }
        LOG.debug("request {} attempt {}: {}", batch.requestId(), batch.attempts(), outcome);
        tracker.attempted(outcome.success());
        if (outcome.success()) {
            tracker.acknowledged(batch.records().size(), batch.dataBytes());
            forget(batch);
            return;
        }
        long elapsed = System.currentTimeMillis() - batch.firstAttemptMillis();
        long remaining = config.retryDuration().toMillis() - elapsed;
        if (remaining <= 0) {
            LOG.warn(
                    "HTTP endpoint {} did not accept request {} ({} records) in {} attempts"
                            + " within the retry duration {}s; sending them to the error output:"
                            + " {}: {}",
                    config.name(),
                    batch.requestId(),
                    batch.records().size(),
                    batch.attempts(),
                    config.retryDuration().toSeconds(),
                    outcome.errorCode(),
                    outcome.errorMessage());
            for (FirehoseRecord r : batch.records()) {
                output.collect(
                        new StreamRecord<>(
                                new FailedRecord(
                                        r,
                                        ErrorOutputType.HTTP_ENDPOINT_FAILED,
                                        outcome.errorCode(),
                                        "request "
                                                + batch.requestId()
                                                + ": "
                                                + outcome.errorMessage(),
                                        batch.attempts())));
            }
            forget(batch);
            return;
        }
        long backoff =
                Math.min(
                        remaining,
                        Math.min(
                                MAX_BACKOFF_MILLIS,
                                INITIAL_BACKOFF_MILLIS << Math.min(batch.attempts() - 1, 16)));
        LOG.debug(
                "HTTP endpoint {} rejected request {} (attempt {}): {}; retrying in {} ms",
                config.name(),
                batch.requestId(),
                batch.attempts(),
                outcome.errorMessage(),
                backoff);
        CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS)
                .execute(() -> mail(() -> attempt(batch), "HTTP endpoint retry"));
    }

    private void forget(HttpBatch batch) {
        open.remove(batch.requestId());
        bodies.remove(batch);
        updateFreshness();
        if (bufferDue && !buffer.isEmpty()) {
            sealBuffer();
        }
    }

    /** The oldest record neither acknowledged nor failed: in the buffer or an open batch. */
    private void updateFreshness() {
        long oldest = bufferOldest;
        for (HttpBatch b : open.values()) {
            oldest = Math.min(oldest, b.oldestArrivalMillis());
        }
        tracker.oldestUndelivered(oldest);
    }

    /** Hands work to the task thread; after the task ended there is nothing left to do. */
    private void mail(Runnable action, String description) {
        if (closed) {
            return;
        }
        try {
            mailbox.execute(action::run, description);
        } catch (RejectedExecutionException e) {
            // The task is shutting down; its last checkpoint holds the batch.
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<byte[]> entries = new ArrayList<>(open.size() + 1);
        for (HttpBatch b : open.values()) {
            entries.add(
                    SimpleVersionedSerialization.writeVersionAndSerialize(
                            HttpBatchSerializer.INSTANCE, HttpBatchSerializer.Entry.of(b)));
        }
        if (!buffer.isEmpty()) {
            entries.add(
                    SimpleVersionedSerialization.writeVersionAndSerialize(
                            HttpBatchSerializer.INSTANCE,
                            HttpBatchSerializer.Entry.buffer(buffer)));
        }
        state.update(entries);
    }

    /** End of input: send what is buffered and wait until every batch is delivered or failed. */
    @Override
    public void finish() throws Exception {
        while (!buffer.isEmpty()) {
            if (open.size() < config.maxConcurrentRequests()) {
                sealBuffer();
            } else {
                mailbox.yield();
            }
        }
        while (!open.isEmpty()) {
            mailbox.yield();
        }
        super.finish();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        if (client != null) {
            client.close();
        }
        super.close();
    }
}
