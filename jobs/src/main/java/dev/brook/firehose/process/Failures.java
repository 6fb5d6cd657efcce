package dev.brook.firehose.process;

import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;

/** The failed records processors hand to the error output. */
final class Failures {

    private Failures() {}

    /** A processing failure of {@code record} as the failing processor got it. */
    static FailedRecord processingFailed(FirehoseRecord record, String code, String message) {
        return processingFailed(record, code, message, 1);
    }

    static FailedRecord processingFailed(
            FirehoseRecord record, String code, String message, int attemptsMade) {
        return new FailedRecord(
                record, ErrorOutputType.PROCESSING_FAILED, code, message, attemptsMade);
    }
}
