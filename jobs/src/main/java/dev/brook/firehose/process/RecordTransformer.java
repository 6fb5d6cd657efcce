package dev.brook.firehose.process;

import dev.brook.firehose.FirehoseRecord;
import java.io.Serializable;
import java.util.List;

/**
 * The transform hook of a delivery stream, Brook's equivalent of Firehose's data transformation
 * Lambda function. Named by the {@code Lambda} processor's {@code TransformerClassName}; the class
 * needs a public no-argument constructor and is loaded with the job's user-code class loader.
 *
 * <p>{@link #transform} gets a batch and returns one {@link TransformResult} per input record id,
 * in any order: {@code Ok} with the new data (and optionally partition keys), {@code Dropped}, or
 * {@code ProcessingFailed}. A missing, repeated or unknown record id fails the records concerned,
 * as in Firehose. An exception fails the whole call, which is retried {@code NumberOfRetries}
 * times.
 */
public interface RecordTransformer extends Serializable {

    /** Called once per parallel task before the first batch. */
    default void open() throws Exception {}

    /** Transforms a batch; must not modify the input records. */
    List<TransformResult> transform(List<FirehoseRecord> records) throws Exception;
}
