package dev.brook.table;

import dev.brook.source.BrookDeserializationSchema;
import dev.brook.store.Record;
import dev.brook.table.BrookConnectorOptions.DeserializationErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a record's data with the table's format and appends the requested metadata columns
 * (partition key, sequence number, shard, arrival time) after the physical ones.
 *
 * <p>A record is decoded whole before any of its rows is emitted, so a failure is the format's
 * alone (never an operator's downstream) and a record that fails emits nothing. What follows a
 * failure is {@code 'scan.deserialization-errors'}: the job fails naming the record, or the record
 * is counted in {@code numRecordsInErrors}, logged (a warning at most every 10 s) and skipped, or
 * (see {@link ErrorRoutingDeserializer}) written to the error stream.
 */
final class RowDataRecordDeserializer implements BrookDeserializationSchema<RowData> {
    private static final long serialVersionUID = 2L;
    private static final Logger LOG = LoggerFactory.getLogger(RowDataRecordDeserializer.class);
    private static final long WARN_INTERVAL_MILLIS = 10_000;

    private final DeserializationSchema<RowData> format;
    private final BrookMetadata[] metadata;
    private final TypeInformation<RowData> producedType;
    private final BrookDynamicSource.ErrorHandling errors;
    private final String stream;
    private final String table;

    private transient List<RowData> decoded;
    private transient Collector<RowData> decodedCollector;
    private transient Counter numRecordsInErrors;
    private transient long lastWarnMillis;
    private transient long unwarned;

    RowDataRecordDeserializer(
            DeserializationSchema<RowData> format,
            List<BrookMetadata> metadata,
            TypeInformation<RowData> producedType,
            BrookDynamicSource.ErrorHandling errors,
            String stream,
            String table) {
        this.format = format;
        this.metadata = metadata.toArray(new BrookMetadata[0]);
        this.producedType = producedType;
        this.errors = errors;
        this.stream = stream;
        this.table = table;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        format.open(context);
        numRecordsInErrors =
                context instanceof ReaderContext
                        ? ((ReaderContext) context).numRecordsInErrorsCounter()
                        : context.getMetricGroup().counter("numRecordsInErrors");
        decoded = new ArrayList<>(1);
        decodedCollector =
                new Collector<>() {
                    @Override
                    public void collect(RowData row) {
                        decoded.add(row);
                    }

                    @Override
                    public void close() {}
                };
        lastWarnMillis = Long.MIN_VALUE;
    }

    @Override
    public void deserialize(Record record, Collector<RowData> out) throws IOException {
        Throwable failure = decode(record);
        if (failure != null) {
            failed(record, failure);
            return;
        }
        for (RowData row : decoded) {
            out.collect(row);
        }
    }

    /**
     * Decodes the record into {@link #decoded} (its rows with their metadata) and returns null, or
     * returns why the format could not decode it.
     */
    Throwable decode(Record record) {
        decoded.clear();
        try {
            format.deserialize(record.data(), decodedCollector);
        } catch (IOException | RuntimeException e) {
            decoded.clear();
            return e;
        }
        if (metadata.length > 0) {
            for (int r = 0; r < decoded.size(); r++) {
                RowData physical = decoded.get(r);
                GenericRowData meta = new GenericRowData(physical.getRowKind(), metadata.length);
                for (int i = 0; i < metadata.length; i++) {
                    meta.setField(i, metadata[i].read(record));
                }
                decoded.set(r, new JoinedRowData(physical.getRowKind(), physical, meta));
            }
        }
        return null;
    }

    BrookDynamicSource.ErrorHandling errorHandling() {
        return errors;
    }

    /** The rows the last successful {@link #decode} produced. */
    List<RowData> decoded() {
        return decoded;
    }

    /**
     * A record the format could not decode: fails the job ({@code fail}), or counts and logs it
     * ({@code skip}, {@code route}).
     */
    void failed(Record record, Throwable failure) throws IOException {
        if (errors.mode() == DeserializationErrors.FAIL) {
            throw DeserializationErrorRecord.failure(
                    table, stream, errors.format(), record, failure);
        }
        numRecordsInErrors.inc();
        unwarned++;
        long now = System.currentTimeMillis();
        if (lastWarnMillis == Long.MIN_VALUE || now - lastWarnMillis >= WARN_INTERVAL_MILLIS) {
            LOG.warn(
                    "Table {}: format '{}' could not deserialize {} record(s) since the last such"
                            + " warning, {} (the latest: {}: {})",
                    table,
                    errors.format(),
                    unwarned,
                    errors.mode() == DeserializationErrors.ROUTE
                            ? "written to the error stream '" + errors.stream() + "'"
                            : "skipped",
                    DeserializationErrorRecord.where(stream, record),
                    DeserializationErrorRecord.reason(failure));
            lastWarnMillis = now;
            unwarned = 0;
        }
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
