package dev.brook.firehose.job;

import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.prefix.PrefixEvaluationException;
import dev.brook.firehose.prefix.S3Prefix;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A prefix evaluated once per buffer, as Firehose does: on the buffer's oldest record, so all of a
 * buffer's records share one timestamp and one {@code !{firehose:random-string}}.
 *
 * <p>A Brook buffer is what a partition (the values of the prefix's partition keys, and the error
 * type) receives between two checkpoints, since every file rolls at a checkpoint: its first record
 * fixes the prefix until {@link #newBuffers()} at the next one. After a restore the buffers start
 * over, which is consistent because the files of the uncompleted checkpoint are discarded and their
 * records read again.
 */
final class BufferPrefixes implements Serializable {
    private static final long serialVersionUID = 1L;

    private final S3Prefix prefix;
    private final String[] keyNames;
    private transient Map<Object, String> current;

    BufferPrefixes(S3Prefix prefix) {
        this.prefix = prefix;
        Set<String> names = new LinkedHashSet<>(prefix.partitionKeyNames());
        names.addAll(prefix.lambdaPartitionKeyNames());
        this.keyNames = names.toArray(new String[0]);
    }

    /** The prefix of the buffer this record joins; evaluated on it if it opens the buffer. */
    String prefixFor(
            long arrivalTimeMillis, Map<String, String> partitionKeys, ErrorOutputType errorType)
            throws PrefixEvaluationException {
        if (current == null) {
            current = new HashMap<>();
        }
        Object buffer = bufferOf(partitionKeys, errorType);
        String evaluated = current.get(buffer);
        if (evaluated == null) {
            evaluated = prefix.evaluate(arrivalTimeMillis, partitionKeys, errorType);
            current.put(buffer, evaluated);
        }
        return evaluated;
    }

    /** Every buffer is closed (a checkpoint rolled the files): the next records open new ones. */
    void newBuffers() {
        if (current != null) {
            current.clear();
        }
    }

    private Object bufferOf(Map<String, String> partitionKeys, ErrorOutputType errorType) {
        // Only the keys the prefix uses tell buffers apart; a prefix without keys needs no key.
        if (keyNames.length == 0) {
            return errorType == null ? Boolean.TRUE : errorType;
        }
        List<Object> key = new ArrayList<>(keyNames.length + 1);
        key.add(errorType);
        for (String name : keyNames) {
            key.add(partitionKeys.get(name));
        }
        return key;
    }
}
