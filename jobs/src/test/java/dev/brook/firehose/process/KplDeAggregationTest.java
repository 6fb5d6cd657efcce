package dev.brook.firehose.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FirehoseRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KplDeAggregationTest {

    private static final ProcessorSpec KPL =
            ProcessorSpec.of("RecordDeAggregation", "SubRecordType", "KPL");

    /** One sub-record as the KPL writes it. */
    private record SubRecord(
            int partitionKeyIndex, Integer explicitHashKeyIndex, byte[] data, int tags) {}

    @Test
    void aggregatedRecordsComeBackAsTheirSubRecords() throws Exception {
        long seed = Long.getLong("brook.test.seed", new Random().nextLong());
        Random random = new Random(seed);
        try {
            for (int round = 0; round < 100; round++) {
                int keys = 1 + random.nextInt(5);
                List<String> partitionKeys = new ArrayList<>();
                for (int k = 0; k < keys; k++) {
                    partitionKeys.add("pk-" + random.nextInt(1_000_000));
                }
                int hashKeys = random.nextInt(3);
                List<String> explicitHashKeys = new ArrayList<>();
                for (int k = 0; k < hashKeys; k++) {
                    explicitHashKeys.add(Long.toUnsignedString(random.nextLong()));
                }
                int count = 1 + random.nextInt(random.nextBoolean() ? 5 : 300);
                List<SubRecord> subRecords = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    byte[] data = new byte[random.nextInt(random.nextInt(10) == 0 ? 20_000 : 200)];
                    random.nextBytes(data);
                    subRecords.add(
                            new SubRecord(
                                    random.nextInt(keys),
                                    hashKeys > 0 && random.nextBoolean()
                                            ? random.nextInt(hashKeys)
                                            : null,
                                    data,
                                    random.nextInt(3)));
                }
                byte[] aggregated = aggregate(partitionKeys, explicitHashKeys, subRecords);
                FirehoseRecord source =
                        new FirehoseRecord(
                                "shardId-000000000001:" + round, 42_000L + round, aggregated);

                RecordingOutput out = RecordingOutput.run(KPL, source);

                assertThat(out.failed).isEmpty();
                assertThat(out.emitted).hasSize(count);
                for (int i = 0; i < count; i++) {
                    FirehoseRecord sub = out.emitted.get(i);
                    assertThat(sub.getRecordId()).isEqualTo(source.getRecordId() + ":" + i);
                    assertThat(sub.getArrivalTimeMillis()).isEqualTo(source.getArrivalTimeMillis());
                    assertThat(sub.getData()).isEqualTo(subRecords.get(i).data());
                }
            }
        } catch (AssertionError e) {
            throw new AssertionError(
                    "seed " + seed + " (replay with -Dbrook.test.seed=" + seed + ")", e);
        }
    }

    @Test
    void aRecordWithoutTheMagicPassesThroughUnchanged() throws Exception {
        byte[] plain = new byte[100];
        new Random(1).nextBytes(plain);
        plain[0] = 0x7b;
        FirehoseRecord record = RecordingOutput.record("s:1", plain);

        RecordingOutput out = RecordingOutput.run(KPL, record);

        assertThat(out.failed).isEmpty();
        assertThat(out.emitted).containsExactly(record);
    }

    @Test
    void aRecordWhoseMd5DoesNotMatchPassesThroughUnchanged() throws Exception {
        byte[] aggregated =
                aggregate(
                        List.of("k"),
                        List.of(),
                        List.of(new SubRecord(0, null, new byte[] {1, 2}, 0)));
        aggregated[aggregated.length - 1] ^= 1;
        FirehoseRecord record = RecordingOutput.record("s:1", aggregated);

        RecordingOutput out = RecordingOutput.run(KPL, record);

        assertThat(out.failed).isEmpty();
        assertThat(out.emitted).containsExactly(record);
    }

    @Test
    void aTruncatedProtobufWithAMatchingMd5Fails() throws Exception {
        byte[] protobuf =
                protobuf(
                        List.of("key"),
                        List.of(),
                        List.of(new SubRecord(0, null, "hello world".getBytes(), 0)));
        byte[] record = frame(Arrays.copyOf(protobuf, protobuf.length - 4));
        FirehoseRecord source = RecordingOutput.record("s:7", record);

        RecordingOutput out = RecordingOutput.run(KPL, source);

        assertThat(out.emitted).isEmpty();
        assertThat(out.failed)
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.getType()).isEqualTo(ErrorOutputType.PROCESSING_FAILED);
                            assertThat(f.getRecord().getData()).isEqualTo(record);
                            assertThat(f.getErrorCode())
                                    .isEqualTo("RecordDeAggregation.MalformedRecord");
                            assertThat(f.getErrorMessage()).contains("KPL", "protobuf");
                        });
    }

    @Test
    void aSubRecordWithoutDataOrWithAnIndexOutsideTheTableFails() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeString(1, "key");
        byte[] noData = encodeRecord(0, null, null, 0);
        out.writeByteArray(3, noData);
        out.flush();
        RecordingOutput missingData =
                RecordingOutput.run(KPL, RecordingOutput.record("s:1", frame(bytes.toByteArray())));
        assertThat(missingData.failed)
                .singleElement()
                .satisfies(f -> assertThat(f.getErrorMessage()).contains("sub-record 0", "data"));

        byte[] badIndex =
                frame(
                        protobuf(
                                List.of("only"),
                                List.of(),
                                List.of(new SubRecord(3, null, new byte[] {1}, 0))));
        RecordingOutput outside = RecordingOutput.run(KPL, RecordingOutput.record("s:2", badIndex));
        assertThat(outside.failed)
                .singleElement()
                .satisfies(
                        f ->
                                assertThat(f.getErrorMessage())
                                        .contains("partition_key_index 3", "1 entries"));

        RecordingOutput empty =
                RecordingOutput.run(KPL, RecordingOutput.record("s:3", frame(new byte[0])));
        assertThat(empty.failed)
                .singleElement()
                .satisfies(f -> assertThat(f.getErrorMessage()).contains("no sub-records"));
    }

    static byte[] aggregate(
            List<String> partitionKeys, List<String> explicitHashKeys, List<SubRecord> records)
            throws Exception {
        return frame(protobuf(partitionKeys, explicitHashKeys, records));
    }

    /** The AggregatedRecord message, fields in the order the KPL serializes them. */
    private static byte[] protobuf(
            List<String> partitionKeys, List<String> explicitHashKeys, List<SubRecord> records)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (String key : partitionKeys) {
            out.writeString(1, key);
        }
        for (String key : explicitHashKeys) {
            out.writeString(2, key);
        }
        for (SubRecord record : records) {
            out.writeByteArray(
                    3,
                    encodeRecord(
                            record.partitionKeyIndex(),
                            record.explicitHashKeyIndex(),
                            record.data(),
                            record.tags()));
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] encodeRecord(
            int partitionKeyIndex, Integer explicitHashKeyIndex, byte[] data, int tags)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeUInt64(1, partitionKeyIndex);
        if (explicitHashKeyIndex != null) {
            out.writeUInt64(2, explicitHashKeyIndex);
        }
        if (data != null) {
            out.writeByteArray(3, data);
        }
        for (int t = 0; t < tags; t++) {
            ByteArrayOutputStream tagBytes = new ByteArrayOutputStream();
            CodedOutputStream tag = CodedOutputStream.newInstance(tagBytes);
            tag.writeString(1, "tag" + t);
            tag.writeString(2, "value" + t);
            tag.flush();
            out.writeByteArray(4, tagBytes.toByteArray());
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** Magic, protobuf, MD5 of the protobuf. */
    private static byte[] frame(byte[] protobuf) throws Exception {
        byte[] md5 = MessageDigest.getInstance("MD5").digest(protobuf);
        byte[] record = new byte[4 + protobuf.length + md5.length];
        System.arraycopy(KplDeAggregation.MAGIC, 0, record, 0, 4);
        System.arraycopy(protobuf, 0, record, 4, protobuf.length);
        System.arraycopy(md5, 0, record, 4 + protobuf.length, md5.length);
        return record;
    }
}
