package dev.brook.firehose;

import java.util.Objects;

/**
 * A record that could not be delivered, with Firehose's error fields; written under the error
 * output prefix. A Flink POJO.
 */
public final class FailedRecord {

    private FirehoseRecord record;
    private ErrorOutputType type;
    private String errorCode;
    private String errorMessage;
    private int attemptsMade;

    public FailedRecord() {}

    public FailedRecord(
            FirehoseRecord record,
            ErrorOutputType type,
            String errorCode,
            String errorMessage,
            int attemptsMade) {
        this.record = Objects.requireNonNull(record, "record");
        this.type = Objects.requireNonNull(type, "type");
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.errorMessage = errorMessage == null ? "" : errorMessage;
        this.attemptsMade = attemptsMade;
    }

    /** The record as it was when it failed (its original source data for processing failures). */
    public FirehoseRecord getRecord() {
        return record;
    }

    public void setRecord(FirehoseRecord record) {
        this.record = record;
    }

    public ErrorOutputType getType() {
        return type;
    }

    public void setType(ErrorOutputType type) {
        this.type = type;
    }

    /** A short machine-readable code, e.g. {@code Lambda.ProcessingFailedStatus}. */
    public String getErrorCode() {
        return errorCode;
    }

    public void setErrorCode(String errorCode) {
        this.errorCode = errorCode;
    }

    /** A human-readable reason naming what was wrong. */
    public String getErrorMessage() {
        return errorMessage;
    }

    public void setErrorMessage(String errorMessage) {
        this.errorMessage = errorMessage;
    }

    public int getAttemptsMade() {
        return attemptsMade;
    }

    public void setAttemptsMade(int attemptsMade) {
        this.attemptsMade = attemptsMade;
    }
}
