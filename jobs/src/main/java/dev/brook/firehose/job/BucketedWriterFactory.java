package dev.brook.firehose.job;

import java.io.IOException;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.fs.FSDataOutputStream;

/** Writes the payload ({@code f1}) of bucketed elements with the payload's own bulk writer. */
final class BucketedWriterFactory<T> implements BulkWriter.Factory<Tuple2<String, T>> {
    private static final long serialVersionUID = 1L;

    private final BulkWriter.Factory<T> payload;

    BucketedWriterFactory(BulkWriter.Factory<T> payload) {
        this.payload = payload;
    }

    @Override
    public BulkWriter<Tuple2<String, T>> create(FSDataOutputStream out) throws IOException {
        BulkWriter<T> writer = payload.create(out);
        return new BulkWriter<>() {
            @Override
            public void addElement(Tuple2<String, T> element) throws IOException {
                writer.addElement(element.f1);
            }

            @Override
            public void flush() throws IOException {
                writer.flush();
            }

            @Override
            public void finish() throws IOException {
                writer.finish();
            }
        };
    }
}
