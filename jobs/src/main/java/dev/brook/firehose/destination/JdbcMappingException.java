package dev.brook.firehose.destination;

/**
 * A record that cannot become a row of the destination table; its code goes to the error output.
 */
final class JdbcMappingException extends Exception {
    private static final long serialVersionUID = 1L;

    static final String INVALID_JSON = "Jdbc.InvalidJson";
    static final String NOT_AN_OBJECT = "Jdbc.NotAJsonObject";
    static final String MISSING_VALUE = "Jdbc.MissingValue";
    static final String INVALID_VALUE = "Jdbc.InvalidValue";

    private final String errorCode;

    JdbcMappingException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    String errorCode() {
        return errorCode;
    }
}
