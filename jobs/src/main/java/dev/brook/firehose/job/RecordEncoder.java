package dev.brook.firehose.job;

import dev.brook.firehose.FirehoseRecord;
import java.io.Serializable;

/**
 * What the file writer writes for a record: its bytes as they are, or a row converted from its
 * JSON. A record that cannot be converted throws; it goes to the error output as {@code
 * format-conversion-failed}.
 */
interface RecordEncoder<T> extends Serializable {
    default void open() throws Exception {}

    T encode(FirehoseRecord record) throws Exception;
}
