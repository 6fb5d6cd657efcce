package dev.brook.store;

/**
 * Base of every error the store reports to a user. The message always names what was wrong and,
 * where there is one, the limit; callers such as the command line print it as one line.
 */
public class BrookException extends RuntimeException {
    private final String errorCode;

    public BrookException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public BrookException(String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The Kinesis error code this error corresponds to, e.g. {@code ResourceNotFoundException}. */
    public String errorCode() {
        return errorCode;
    }

    public static BrookException invalidArgument(String message) {
        return new BrookException("InvalidArgumentException", message);
    }

    public static BrookException notFound(String message) {
        return new BrookException("ResourceNotFoundException", message);
    }

    public static BrookException inUse(String message) {
        return new BrookException("ResourceInUseException", message);
    }

    public static BrookException limitExceeded(String message) {
        return new BrookException("LimitExceededException", message);
    }

    public static BrookException io(String message, Throwable cause) {
        return new BrookException("InternalFailure", message + ": " + cause.getMessage(), cause);
    }
}
