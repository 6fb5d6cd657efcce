package dev.brook.firehose.process;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a {@link RecordTransformer} did with one record, with Firehose's result values. */
public final class TransformResult {

    /** Firehose's {@code result} field. */
    public enum Status {
        /** {@code Ok}: the record was transformed; its data is replaced. */
        OK("Ok"),
        /** {@code Dropped}: the record was dropped on purpose; it counts as processed. */
        DROPPED("Dropped"),
        /** {@code ProcessingFailed}: the record goes to the error output with its input data. */
        PROCESSING_FAILED("ProcessingFailed");

        private final String firehoseName;

        Status(String firehoseName) {
            this.firehoseName = firehoseName;
        }

        public String firehoseName() {
            return firehoseName;
        }
    }

    private final String recordId;
    private final Status status;
    private final byte[] data;
    private final Map<String, String> partitionKeys;
    private final String message;

    private TransformResult(
            String recordId,
            Status status,
            byte[] data,
            Map<String, String> partitionKeys,
            String message) {
        this.recordId = Objects.requireNonNull(recordId, "recordId");
        this.status = status;
        this.data = data;
        this.partitionKeys = partitionKeys;
        this.message = message;
    }

    public static TransformResult ok(String recordId, byte[] data) {
        return ok(recordId, data, Collections.emptyMap());
    }

    /**
     * A transformed record with partition keys, as a Firehose Lambda returns them in {@code
     * metadata.partitionKeys} (for {@code !{partitionKeyFromLambda:name}}).
     */
    public static TransformResult ok(
            String recordId, byte[] data, Map<String, String> partitionKeys) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(partitionKeys, "partitionKeys");
        return new TransformResult(
                recordId,
                Status.OK,
                data,
                Collections.unmodifiableMap(new LinkedHashMap<>(partitionKeys)),
                "");
    }

    public static TransformResult dropped(String recordId) {
        return new TransformResult(recordId, Status.DROPPED, null, Collections.emptyMap(), "");
    }

    /** A record the transformer could not handle; {@code message} goes to the error output. */
    public static TransformResult processingFailed(String recordId, String message) {
        return new TransformResult(
                recordId,
                Status.PROCESSING_FAILED,
                null,
                Collections.emptyMap(),
                message == null ? "" : message);
    }

    public String recordId() {
        return recordId;
    }

    public Status status() {
        return status;
    }

    /** The new data for {@link Status#OK}; null otherwise. */
    public byte[] data() {
        return data;
    }

    public Map<String, String> partitionKeys() {
        return partitionKeys;
    }

    /** The transformer's reason for {@link Status#PROCESSING_FAILED}; empty otherwise. */
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return "TransformResult{" + recordId + ", " + status.firehoseName() + "}";
    }
}
