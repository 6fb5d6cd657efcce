package dev.brook.firehose.prefix;

/**
 * A valid prefix could not be evaluated for one record: a partition key is missing, or its value
 * would leave the prefix or make it too long. The record, not the delivery stream, is at fault:
 * Firehose sends such records to the error output as {@code partitioning-failed}.
 */
public final class PrefixEvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PrefixEvaluationException(String message) {
        super(message);
    }
}
