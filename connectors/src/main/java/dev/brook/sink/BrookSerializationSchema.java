package dev.brook.sink;

import java.io.Serializable;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Turns an element into a Brook record: its partition key, optional explicit hash key, and data.
 * {@link #of} combines any Flink {@link SerializationSchema} with a partition key selector.
 */
public interface BrookSerializationSchema<T> extends Serializable {

    default void open(SerializationSchema.InitializationContext context) throws Exception {}

    String partitionKey(T element);

    /** A decimal hash key that overrides the partition key's MD5 for routing, or null. */
    default String explicitHashKey(T element) {
        return null;
    }

    byte[] data(T element);

    static <T> BrookSerializationSchema<T> of(
            SerializationSchema<T> schema, KeySelector<T, String> partitionKey) {
        return new BrookSerializationSchema<>() {
            @Override
            public void open(SerializationSchema.InitializationContext context) throws Exception {
                schema.open(context);
            }

            @Override
            public String partitionKey(T element) {
                try {
                    return partitionKey.getKey(element);
                } catch (Exception e) {
                    throw new IllegalStateException("partition key selector failed", e);
                }
            }

            @Override
            public byte[] data(T element) {
                return schema.serialize(element);
            }
        };
    }
}
