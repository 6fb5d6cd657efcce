package dev.brook.firehose.job;

import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * The bucket of an element is the prefix evaluated upstream ({@code f0}), so the prefix is
 * evaluated once per record, where the active-partition limit is enforced too.
 */
final class BucketAssignerByPrefix<T> implements BucketAssigner<Tuple2<String, T>, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(Tuple2<String, T> element, Context context) {
        return element.f0;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
