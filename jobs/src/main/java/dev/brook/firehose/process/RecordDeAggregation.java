package dev.brook.firehose.process;

import dev.brook.firehose.FirehoseRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Firehose's {@code RecordDeAggregation} processor: splits a record into sub-records with ids
 * {@code <recordId>:<i>} that keep the record's arrival time and partition keys. A record that
 * cannot be split goes to the error output unchanged ({@code processing-failed}).
 */
abstract class RecordDeAggregation implements RecordProcessor {

    static final String TYPE = "RecordDeAggregation";
    static final String SUB_RECORD_TYPE = "SubRecordType";
    static final String DELIMITER = "Delimiter";
    static final String ERROR_CODE = "RecordDeAggregation.MalformedRecord";

    /** Firehose's cap on JSON and delimited sub-records per record. */
    static final int MAX_SUB_RECORDS = 500;

    private transient List<byte[]> parts;

    static RecordDeAggregation create(ProcessorParameters parameters) {
        String subRecordType =
                parameters.oneOf(SUB_RECORD_TYPE, null, List.of("JSON", "DELIMITED", "KPL"));
        if (!subRecordType.equals("DELIMITED") && parameters.has(DELIMITER)) {
            throw parameters.invalid(
                    DELIMITER,
                    parameters.optional(DELIMITER, ""),
                    "no Delimiter: it is only for SubRecordType DELIMITED");
        }
        switch (subRecordType) {
            case "JSON":
                return new JsonDeAggregation();
            case "DELIMITED":
                return new DelimitedDeAggregation(parameters.base64(DELIMITER));
            default:
                return new KplDeAggregation();
        }
    }

    @Override
    public void open() throws Exception {
        parts = new ArrayList<>();
    }

    /**
     * Adds the sub-records of {@code data} to {@code into}.
     *
     * @return false if the record is not aggregated and passes through unchanged
     */
    abstract boolean split(byte[] data, List<byte[]> into) throws MalformedRecordException;

    @Override
    public void process(List<FirehoseRecord> batch, ProcessorOutput out) {
        for (FirehoseRecord record : batch) {
            parts.clear();
            boolean aggregated;
            try {
                aggregated = split(record.getData(), parts);
            } catch (MalformedRecordException e) {
                out.fail(Failures.processingFailed(record, ERROR_CODE, e.getMessage()));
                continue;
            }
            if (!aggregated) {
                out.emit(record);
                continue;
            }
            String prefix = record.getRecordId() + ':';
            for (int i = 0; i < parts.size(); i++) {
                out.emit(
                        new FirehoseRecord(
                                prefix + i,
                                record.getArrivalTimeMillis(),
                                parts.get(i),
                                record.getPartitionKeys()));
            }
        }
        parts.clear();
    }

    static void addCapped(List<byte[]> into, byte[] part, String what)
            throws MalformedRecordException {
        if (into.size() == MAX_SUB_RECORDS) {
            throw new MalformedRecordException(
                    "more than "
                            + MAX_SUB_RECORDS
                            + " "
                            + what
                            + " sub-records in one record (Firehose's de-aggregation limit)");
        }
        into.add(part);
    }
}
