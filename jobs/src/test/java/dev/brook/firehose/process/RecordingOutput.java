package dev.brook.firehose.process;

import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a processor emits and fails, for assertions. */
final class RecordingOutput implements ProcessorOutput {

    final List<FirehoseRecord> emitted = new ArrayList<>();
    final List<FailedRecord> failed = new ArrayList<>();

    @Override
    public void emit(FirehoseRecord record) {
        emitted.add(record);
    }

    @Override
    public void fail(FailedRecord failedRecord) {
        failed.add(failedRecord);
    }

    List<String> emittedText() {
        List<String> texts = new ArrayList<>();
        for (FirehoseRecord record : emitted) {
            texts.add(new String(record.getData(), StandardCharsets.UTF_8));
        }
        return texts;
    }

    List<String> emittedIds() {
        List<String> ids = new ArrayList<>();
        for (FirehoseRecord record : emitted) {
            ids.add(record.getRecordId());
        }
        return ids;
    }

    static FirehoseRecord record(String id, String text) {
        return new FirehoseRecord(id, 1_700_000_000_000L, text.getBytes(StandardCharsets.UTF_8));
    }

    static FirehoseRecord record(String id, byte[] data) {
        return new FirehoseRecord(id, 1_700_000_000_000L, data);
    }

    /** Runs a one-processor chain over the records. */
    static RecordingOutput run(ProcessorSpec spec, FirehoseRecord... records) throws Exception {
        ProcessorChain chain = ProcessorChain.of(List.of(spec));
        chain.open();
        RecordingOutput out = new RecordingOutput();
        chain.process(List.of(records), out);
        return out;
    }
}
