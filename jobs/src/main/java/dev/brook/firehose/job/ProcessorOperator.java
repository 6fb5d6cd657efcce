package dev.brook.firehose.job;

import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.process.ProcessorChain;
import dev.brook.firehose.process.ProcessorOutput;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs the processor chain over small batches (as Firehose invokes its Lambda with batches): a
 * batch goes through when it has {@link #MAX_RECORDS} records or {@link #MAX_BYTES}, when it is
 * {@link #MAX_WAIT_MILLIS} old, before every checkpoint barrier and at the end of input. Nothing is
 * buffered across a checkpoint, so the operator has no state of its own.
 */
final class ProcessorOperator extends AbstractStreamOperator<FirehoseRecord>
        implements OneInputStreamOperator<FirehoseRecord, FirehoseRecord> {
    private static final long serialVersionUID = 1L;

    static final int MAX_RECORDS = 500;
    static final long MAX_BYTES = 1024 * 1024;
    static final long MAX_WAIT_MILLIS = 200;

    private final ProcessorChain chain;

    private transient List<FirehoseRecord> batch;
    private transient long batchBytes;
    private transient boolean timerSet;
    private transient ProcessorOutput toOutputs;
    private transient StreamRecord<FirehoseRecord> reuse;

    ProcessorOperator(ProcessorChain chain) {
        this.chain = chain;
    }

    @Override
    public void open() throws Exception {
        super.open();
        chain.open();
        batch = new ArrayList<>(MAX_RECORDS);
        reuse = new StreamRecord<>(null);
        toOutputs =
                new ProcessorOutput() {
                    @Override
                    public void emit(FirehoseRecord r) {
                        output.collect(reuse.replace(r));
                    }

                    @Override
                    public void fail(FailedRecord f) {
                        output.collect(DeliveryOperator.FAILED, new StreamRecord<>(f));
                    }
                };
    }

    @Override
    public void processElement(StreamRecord<FirehoseRecord> element) throws Exception {
        FirehoseRecord r = element.getValue();
        batch.add(r);
        batchBytes += r.getData().length;
        if (batch.size() >= MAX_RECORDS || batchBytes >= MAX_BYTES) {
            flush();
        } else if (!timerSet) {
            timerSet = true;
            long at = getProcessingTimeService().getCurrentProcessingTime() + MAX_WAIT_MILLIS;
            getProcessingTimeService()
                    .registerTimer(
                            at,
                            time -> {
                                timerSet = false;
                                flush();
                            });
        }
    }

    private void flush() throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        List<FirehoseRecord> full = batch;
        batch = new ArrayList<>(MAX_RECORDS);
        batchBytes = 0;
        chain.process(full, toOutputs);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }
}
