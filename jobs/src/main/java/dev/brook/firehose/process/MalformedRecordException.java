package dev.brook.firehose.process;

/**
 * A record a processor cannot handle; the message names what was wrong and goes to the error
 * output.
 */
final class MalformedRecordException extends Exception {

    MalformedRecordException(String message) {
        super(message, null, false, false);
    }
}
