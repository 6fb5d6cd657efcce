package dev.brook.cli;

import dev.brook.firehose.config.DeliveryStreamDefinition;
import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.PutRecordsResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Direct PUT into a delivery stream's backing stream, with Firehose's limits: 500 records and 4 MiB
 * per call, 1000 KiB per record. Records get random partition keys, so they spread over the shards
 * as Firehose spreads them; the record id is {@code <shardId>:<sequenceNumber>}, the id the
 * delivery stream's records carry.
 */
final class FirehoseDirectPut {
    static final int MAX_RECORDS = 500;
    static final long MAX_CALL_BYTES = 4L * 1024 * 1024;
    static final int MAX_RECORD_BYTES = 1000 * 1024;

    private FirehoseDirectPut() {}

    /** The limit a call breaks, or null. */
    static String checkLimits(List<byte[]> records) {
        if (records.isEmpty()) {
            return "no records: a batch has 1 to " + MAX_RECORDS + " records";
        }
        if (records.size() > MAX_RECORDS) {
            return records.size() + " records: the limit is " + MAX_RECORDS + " per call";
        }
        long total = 0;
        for (int i = 0; i < records.size(); i++) {
            int n = records.get(i).length;
            if (n > MAX_RECORD_BYTES) {
                return "record "
                        + i
                        + " has "
                        + n
                        + " bytes: the limit is 1000 KiB ("
                        + MAX_RECORD_BYTES
                        + " bytes) per record";
            }
            total += n;
        }
        if (total > MAX_CALL_BYTES) {
            return "the records have "
                    + total
                    + " bytes together: the limit is 4 MiB ("
                    + MAX_CALL_BYTES
                    + " bytes) per call";
        }
        return null;
    }

    static PutRecordsResult put(BrookStore store, String deliveryStreamName, List<byte[]> records) {
        String stream = DeliveryStreamDefinition.backingStreamName(deliveryStreamName);
        try {
            store.metadata(stream);
        } catch (BrookException e) {
            if ("ResourceNotFoundException".equals(e.errorCode())) {
                throw BrookException.notFound(
                        "delivery stream "
                                + deliveryStreamName
                                + " not found: its backing stream "
                                + stream
                                + " does not exist under "
                                + store.root()
                                + "; start the delivery stream with 'brook firehose run FILE'"
                                + " (DeliveryStreamType: DirectPut) first");
            }
            throw e;
        }
        List<PutRecordsEntry> entries = new ArrayList<>(records.size());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (byte[] data : records) {
            entries.add(new PutRecordsEntry(Long.toHexString(random.nextLong()), data, null));
        }
        return store.putRecords(stream, entries);
    }

    static String recordId(PutRecordsResult.Entry e) {
        return e.shardId() + ":" + e.sequenceNumber();
    }
}
