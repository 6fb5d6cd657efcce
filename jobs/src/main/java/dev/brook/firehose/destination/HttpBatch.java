package dev.brook.firehose.destination;

import dev.brook.firehose.FirehoseRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One request's worth of records and its delivery progress. The request id, the body's timestamp
 * and the first attempt's time are fixed when the batch is sealed and kept in checkpoints, so every
 * attempt, also after a restore, sends the same request.
 */
final class HttpBatch {
    private final List<FirehoseRecord> records;
    private final String requestId;
    private final long timestampMillis;
    private final long oldestArrivalMillis;
    private final long dataBytes;
    private long firstAttemptMillis;
    private int attempts;

    HttpBatch(
            List<FirehoseRecord> records,
            String requestId,
            long timestampMillis,
            long firstAttemptMillis,
            int attempts) {
        this.records = List.copyOf(records);
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.timestampMillis = timestampMillis;
        this.firstAttemptMillis = firstAttemptMillis;
        this.attempts = attempts;
        long oldest = Long.MAX_VALUE;
        long bytes = 0;
        for (FirehoseRecord r : this.records) {
            oldest = Math.min(oldest, r.getArrivalTimeMillis());
            bytes += r.getData().length;
        }
        this.oldestArrivalMillis = oldest;
        this.dataBytes = bytes;
    }

    /** The arrival time of the batch's oldest record (for DataFreshness). */
    long oldestArrivalMillis() {
        return oldestArrivalMillis;
    }

    /** The records' data, in bytes (for DeliveryToHttpEndpoint.Bytes). */
    long dataBytes() {
        return dataBytes;
    }

    /** A new batch, not yet attempted, whose request id derives from its records' ids. */
    static HttpBatch seal(List<FirehoseRecord> records, long nowMillis) {
        return new HttpBatch(records, requestId(records), nowMillis, 0L, 0);
    }

    /**
     * A name-based (version 3) UUID of the record ids in order: the same records batched the same
     * way get the same id, so an endpoint that de-duplicates by request id also recognises a batch
     * rebuilt from a replay. Record ids are unique per stream record, so different batches get
     * different ids.
     */
    static String requestId(List<FirehoseRecord> records) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
        for (FirehoseRecord r : records) {
            md5.update(r.getRecordId().getBytes(StandardCharsets.UTF_8));
            md5.update((byte) '\n');
        }
        byte[] h = md5.digest();
        h[6] = (byte) ((h[6] & 0x0f) | 0x30);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (h[i] & 0xff);
            lsb = (lsb << 8) | (h[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    List<FirehoseRecord> records() {
        return records;
    }

    String requestId() {
        return requestId;
    }

    long timestampMillis() {
        return timestampMillis;
    }

    long firstAttemptMillis() {
        return firstAttemptMillis;
    }

    int attempts() {
        return attempts;
    }

    /** Counts an attempt starting now; the first one starts the retry duration's clock. */
    void attemptStarted(long nowMillis) {
        if (attempts == 0) {
            firstAttemptMillis = nowMillis;
        }
        attempts++;
    }
}
