package dev.brook.firehose.process;

import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;

/** Where a {@link RecordProcessor} puts its results. */
public interface ProcessorOutput {

    /** A record that goes on to the next processor (or to delivery after the last one). */
    void emit(FirehoseRecord record);

    /** A record that goes to the error output. */
    void fail(FailedRecord failed);
}
