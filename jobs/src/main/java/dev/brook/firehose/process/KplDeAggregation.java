package dev.brook.firehose.process;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code SubRecordType KPL}: records aggregated by the Kinesis Producer Library. The layout is the
 * magic bytes {@code F3 89 9A C2}, a protobuf {@code AggregatedRecord}, and the MD5 of the protobuf
 * bytes. As in the KCL, a record without the magic or whose MD5 does not match is not aggregated
 * and passes through unchanged; one whose checksum matches but whose protobuf is broken fails.
 *
 * <pre>
 * message AggregatedRecord { repeated string partition_key_table = 1;
 *                            repeated string explicit_hash_key_table = 2;
 *                            repeated Record records = 3; }
 * message Record { required uint64 partition_key_index = 1; optional uint64 explicit_hash_key_index = 2;
 *                  required bytes data = 3; repeated Tag tags = 4; }
 * </pre>
 */
final class KplDeAggregation extends RecordDeAggregation {

    static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    static final int DIGEST_LENGTH = 16;

    private static final int PARTITION_KEY_TABLE = 1;
    private static final int EXPLICIT_HASH_KEY_TABLE = 2;
    private static final int RECORDS = 3;
    private static final int PARTITION_KEY_INDEX = 1;
    private static final int EXPLICIT_HASH_KEY_INDEX = 2;
    private static final int DATA = 3;

    private transient MessageDigest md5;
    private transient byte[] digest;

    @Override
    public void open() throws Exception {
        super.open();
        md5 = newMd5();
        digest = new byte[DIGEST_LENGTH];
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    @Override
    boolean split(byte[] data, List<byte[]> into) throws MalformedRecordException {
        if (!isAggregated(data)) {
            return false;
        }
        int protobufLength = data.length - MAGIC.length - DIGEST_LENGTH;
        CodedInputStream in = CodedInputStream.newInstance(data, MAGIC.length, protobufLength);
        try {
            parseAggregatedRecord(in, into);
        } catch (IOException e) {
            throw new MalformedRecordException(
                    "KPL aggregated record (magic and MD5 match) holds a broken protobuf"
                            + " AggregatedRecord: "
                            + e.getMessage());
        }
        return true;
    }

    private boolean isAggregated(byte[] data) {
        if (data.length < MAGIC.length + DIGEST_LENGTH) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (data[i] != MAGIC[i]) {
                return false;
            }
        }
        int protobufLength = data.length - MAGIC.length - DIGEST_LENGTH;
        md5.reset();
        md5.update(data, MAGIC.length, protobufLength);
        try {
            md5.digest(digest, 0, DIGEST_LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        int trailer = MAGIC.length + protobufLength;
        return Arrays.equals(digest, 0, DIGEST_LENGTH, data, trailer, trailer + DIGEST_LENGTH);
    }

    private static void parseAggregatedRecord(CodedInputStream in, List<byte[]> into)
            throws IOException, MalformedRecordException {
        long partitionKeys = 0;
        long explicitHashKeys = 0;
        int firstRecord = into.size();
        // unsigned; the tables may follow the records, so indexes are checked at the end
        long maxPartitionKeyIndex = 0;
        long maxExplicitHashKeyIndex = -1;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case PARTITION_KEY_TABLE:
                    expectLengthDelimited(tag, "partition_key_table");
                    in.skipField(tag);
                    partitionKeys++;
                    break;
                case EXPLICIT_HASH_KEY_TABLE:
                    expectLengthDelimited(tag, "explicit_hash_key_table");
                    in.skipField(tag);
                    explicitHashKeys++;
                    break;
                case RECORDS:
                    expectLengthDelimited(tag, "records");
                    int limit = in.pushLimit(in.readRawVarint32());
                    SubRecordIndexes indexes = parseRecord(in, into, into.size() - firstRecord);
                    in.popLimit(limit);
                    maxPartitionKeyIndex =
                            unsignedMax(maxPartitionKeyIndex, indexes.partitionKeyIndex);
                    if (indexes.hasExplicitHashKeyIndex) {
                        maxExplicitHashKeyIndex =
                                maxExplicitHashKeyIndex == -1
                                        ? indexes.explicitHashKeyIndex
                                        : unsignedMax(
                                                maxExplicitHashKeyIndex,
                                                indexes.explicitHashKeyIndex);
                    }
                    break;
                default:
                    in.skipField(tag);
            }
        }
        if (into.size() == firstRecord) {
            throw new MalformedRecordException("KPL aggregated record holds no sub-records");
        }
        if (Long.compareUnsigned(maxPartitionKeyIndex, partitionKeys) >= 0) {
            throw new MalformedRecordException(
                    "KPL aggregated record: partition_key_index "
                            + Long.toUnsignedString(maxPartitionKeyIndex)
                            + " is outside the partition key table of "
                            + partitionKeys
                            + " entries");
        }
        if (maxExplicitHashKeyIndex != -1
                && Long.compareUnsigned(maxExplicitHashKeyIndex, explicitHashKeys) >= 0) {
            throw new MalformedRecordException(
                    "KPL aggregated record: explicit_hash_key_index "
                            + Long.toUnsignedString(maxExplicitHashKeyIndex)
                            + " is outside the explicit hash key table of "
                            + explicitHashKeys
                            + " entries");
        }
    }

    private static long unsignedMax(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private record SubRecordIndexes(
            long partitionKeyIndex, boolean hasExplicitHashKeyIndex, long explicitHashKeyIndex) {}

    /** Adds one sub-record's data to {@code into}. */
    private static SubRecordIndexes parseRecord(CodedInputStream in, List<byte[]> into, int index)
            throws IOException, MalformedRecordException {
        boolean hasPartitionKeyIndex = false;
        long partitionKeyIndex = 0;
        boolean hasExplicitHashKeyIndex = false;
        long explicitHashKeyIndex = 0;
        byte[] data = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case PARTITION_KEY_INDEX:
                    expectVarint(tag, "partition_key_index");
                    partitionKeyIndex = in.readUInt64();
                    hasPartitionKeyIndex = true;
                    break;
                case EXPLICIT_HASH_KEY_INDEX:
                    expectVarint(tag, "explicit_hash_key_index");
                    explicitHashKeyIndex = in.readUInt64();
                    hasExplicitHashKeyIndex = true;
                    break;
                case DATA:
                    expectLengthDelimited(tag, "data");
                    data = in.readByteArray();
                    break;
                default:
                    in.skipField(tag);
            }
        }
        if (!hasPartitionKeyIndex || data == null) {
            throw new MalformedRecordException(
                    "KPL aggregated record: sub-record "
                            + index
                            + " lacks its required "
                            + (data == null ? "data" : "partition_key_index"));
        }
        into.add(data);
        return new SubRecordIndexes(
                partitionKeyIndex, hasExplicitHashKeyIndex, explicitHashKeyIndex);
    }

    private static void expectLengthDelimited(int tag, String field)
            throws MalformedRecordException {
        expectWireType(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, field);
    }

    private static void expectVarint(int tag, String field) throws MalformedRecordException {
        expectWireType(tag, WireFormat.WIRETYPE_VARINT, field);
    }

    private static void expectWireType(int tag, int wireType, String field)
            throws MalformedRecordException {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw new MalformedRecordException(
                    "KPL aggregated record: field '"
                            + field
                            + "' has wire type "
                            + WireFormat.getTagWireType(tag)
                            + ", expected "
                            + wireType);
        }
    }
}
