package dev.brook.table;

import dev.brook.source.BrookDeserializationSchema;
import dev.brook.store.Record;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.util.Collector;

/**
 * Decodes a record's data with the table's format and appends the requested metadata columns
 * (partition key, sequence number, shard, arrival time) after the physical ones.
 */
final class RowDataRecordDeserializer implements BrookDeserializationSchema<RowData> {
    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<RowData> format;
    private final BrookMetadata[] metadata;
    private final TypeInformation<RowData> producedType;
    private transient MetadataAppender appender;

    RowDataRecordDeserializer(
            DeserializationSchema<RowData> format,
            List<BrookMetadata> metadata,
            TypeInformation<RowData> producedType) {
        this.format = format;
        this.metadata = metadata.toArray(new BrookMetadata[0]);
        this.producedType = producedType;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        format.open(context);
    }

    @Override
    public void deserialize(Record record, Collector<RowData> out) throws IOException {
        if (metadata.length == 0) {
            format.deserialize(record.data(), out);
            return;
        }
        if (appender == null) {
            appender = new MetadataAppender();
        }
        appender.record = record;
        appender.out = out;
        format.deserialize(record.data(), appender);
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    /** Joins each decoded row (a format may produce none or several) with the metadata. */
    private final class MetadataAppender implements Collector<RowData> {
        Record record;
        Collector<RowData> out;

        @Override
        public void collect(RowData physical) {
            GenericRowData meta = new GenericRowData(physical.getRowKind(), metadata.length);
            for (int i = 0; i < metadata.length; i++) {
                meta.setField(i, metadata[i].read(record));
            }
            out.collect(new JoinedRowData(physical.getRowKind(), physical, meta));
        }

        @Override
        public void close() {}
    }
}
