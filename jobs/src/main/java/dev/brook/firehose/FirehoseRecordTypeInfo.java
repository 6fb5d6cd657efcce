package dev.brook.firehose;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information of {@link FirehoseRecord}: serialized by {@link
 * FirehoseRecordSerializer}.
 */
public final class FirehoseRecordTypeInfo extends TypeInformation<FirehoseRecord> {
    private static final long serialVersionUID = 1L;

    public static final FirehoseRecordTypeInfo INSTANCE = new FirehoseRecordTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<FirehoseRecord> getTypeClass() {
        return FirehoseRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<FirehoseRecord> createSerializer(SerializerConfig config) {
        return FirehoseRecordSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "FirehoseRecord";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FirehoseRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return FirehoseRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof FirehoseRecordTypeInfo;
    }

    /** What {@code @TypeInfo} on {@link FirehoseRecord} names, so Flink finds this everywhere. */
    public static final class Factory extends TypeInfoFactory<FirehoseRecord> {
        @Override
        public TypeInformation<FirehoseRecord> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }
}
