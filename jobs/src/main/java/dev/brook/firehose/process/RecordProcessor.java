package dev.brook.firehose.process;

import dev.brook.firehose.FirehoseRecord;
import java.io.Serializable;
import java.util.List;

/**
 * One step of a delivery stream's processing configuration. Built from a {@link ProcessorSpec} by
 * {@link ProcessorChain#of}, serialized into the job and {@link #open() opened} once per parallel
 * task; one instance is used by one thread.
 */
public interface RecordProcessor extends Serializable {

    /** Prepares what cannot be serialized (buffers, compiled queries, loaded classes). */
    default void open() throws Exception {}

    /**
     * Processes a batch in order: every input record ends up emitted (possibly changed, split or
     * dropped on purpose) or failed to {@code out}.
     */
    void process(List<FirehoseRecord> batch, ProcessorOutput out) throws Exception;
}
