package dev.brook.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.brook.store.PutRecordsEntry;
import dev.brook.store.Record;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A record as a test sees it: a partition key and UTF-8 data, compared by value. What {@link
 * BrookExtension#readAll} returns and {@link RecordGenerator} makes, so expected and actual records
 * compare with {@code equals}.
 */
public record TestRecord(String key, String value) {

    public TestRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public static TestRecord of(String key, String value) {
        return new TestRecord(key, value);
    }

    /** The key and the data (as UTF-8) of a record read from a store. */
    public static TestRecord of(Record record) {
        return new TestRecord(record.partitionKey(), new String(record.data(), UTF_8));
    }

    public static List<TestRecord> of(Collection<Record> records) {
        List<TestRecord> out = new ArrayList<>(records.size());
        for (Record r : records) {
            out.add(of(r));
        }
        return out;
    }

    /** The values of some records, in their order. */
    public static List<String> values(Collection<TestRecord> records) {
        List<String> out = new ArrayList<>(records.size());
        for (TestRecord r : records) {
            out.add(r.value());
        }
        return out;
    }

    /** The data as UTF-8 bytes. */
    public byte[] data() {
        return value.getBytes(UTF_8);
    }

    /** This record as an entry of a batch put. */
    public PutRecordsEntry toEntry() {
        return new PutRecordsEntry(key, data());
    }

    /**
     * The per-key sequence number in a value made by {@link RecordGenerator} ({@code key#seq} or
     * {@code key#seq#payload}).
     */
    public long sequence() {
        return RecordGenerator.sequenceOf(value);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
