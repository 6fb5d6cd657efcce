package dev.brook.firehose.prefix;

/** A prefix expression that breaks one of Firehose's rules; the message names the rule. */
public final class InvalidPrefixException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPrefixException(String message) {
        super(message);
    }

    public InvalidPrefixException(String message, Throwable cause) {
        super(message, cause);
    }
}
