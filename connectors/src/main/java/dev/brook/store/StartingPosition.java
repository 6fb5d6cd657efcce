package dev.brook.store;

import java.io.Serializable;
import java.util.Locale;

/** Where reading a shard starts: the Kinesis shard iterator types. */
public record StartingPosition(Type type, String sequenceNumber, long timestampMillis)
        implements Serializable {

    /** The Kinesis iterator types. */
    public enum Type {
        TRIM_HORIZON,
        LATEST,
        AT_SEQUENCE_NUMBER,
        AFTER_SEQUENCE_NUMBER,
        AT_TIMESTAMP
    }

    public static StartingPosition trimHorizon() {
        return new StartingPosition(Type.TRIM_HORIZON, null, 0);
    }

    public static StartingPosition latest() {
        return new StartingPosition(Type.LATEST, null, 0);
    }

    public static StartingPosition atSequenceNumber(String sequenceNumber) {
        SequenceNumber.parse(sequenceNumber);
        return new StartingPosition(Type.AT_SEQUENCE_NUMBER, sequenceNumber, 0);
    }

    public static StartingPosition afterSequenceNumber(String sequenceNumber) {
        SequenceNumber.parse(sequenceNumber);
        return new StartingPosition(Type.AFTER_SEQUENCE_NUMBER, sequenceNumber, 0);
    }

    public static StartingPosition atTimestamp(long millis) {
        return new StartingPosition(Type.AT_TIMESTAMP, null, millis);
    }

    /** Parses an iterator type name, naming the allowed ones on error. */
    public static Type parseType(String name) {
        try {
            return Type.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw BrookException.invalidArgument(
                    "unknown shard iterator type '"
                            + name
                            + "': use TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER,"
                            + " AFTER_SEQUENCE_NUMBER or AT_TIMESTAMP");
        }
    }
}
