package dev.brook.firehose.prefix;

/** Which of Firehose's two prefix fields an expression is: they follow different rules. */
public enum PrefixKind {
    /** Firehose's {@code Prefix}: where delivered records go. */
    DATA("Prefix"),
    /** Firehose's {@code ErrorOutputPrefix}: where records that failed go. */
    ERROR("ErrorOutputPrefix");

    private final String fieldName;

    PrefixKind(String fieldName) {
        this.fieldName = fieldName;
    }

    /** The Firehose configuration field this kind corresponds to, for error messages. */
    public String fieldName() {
        return fieldName;
    }
}
