package dev.brook.firehose.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.firehose.ErrorOutputType;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DecompressionTest {

    private static final ProcessorSpec GZIP =
            ProcessorSpec.of("Decompression", "CompressionFormat", "GZIP");

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void gzipRecordsAreDecompressed() throws Exception {
        byte[] large = new byte[300_000];
        new Random(3).nextBytes(large);
        byte[] small = "{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[]}".getBytes();
        byte[] twoMembers = new byte[gzip(small).length * 2];
        System.arraycopy(gzip(small), 0, twoMembers, 0, twoMembers.length / 2);
        System.arraycopy(gzip(small), 0, twoMembers, twoMembers.length / 2, twoMembers.length / 2);

        RecordingOutput out =
                RecordingOutput.run(
                        GZIP,
                        RecordingOutput.record("s:1", gzip(small)),
                        RecordingOutput.record("s:2", gzip(large)),
                        RecordingOutput.record("s:3", twoMembers),
                        RecordingOutput.record("s:4", gzip(new byte[0])));

        assertThat(out.failed).isEmpty();
        assertThat(out.emitted.get(0).getData()).isEqualTo(small);
        assertThat(out.emitted.get(1).getData()).isEqualTo(large);
        assertThat(new String(out.emitted.get(2).getData()))
                .isEqualTo(new String(small) + new String(small));
        assertThat(out.emitted.get(3).getData()).isEmpty();
        assertThat(out.emittedIds()).containsExactly("s:1", "s:2", "s:3", "s:4");
    }

    @Test
    void dataThatIsNotGzipFails() throws Exception {
        byte[] truncated = gzip(new byte[1000]);
        truncated = java.util.Arrays.copyOf(truncated, truncated.length - 10);
        RecordingOutput out =
                RecordingOutput.run(
                        ProcessorSpec.of("Decompression"),
                        RecordingOutput.record("s:1", "plain text"),
                        RecordingOutput.record("s:2", truncated));

        assertThat(out.emitted).isEmpty();
        assertThat(out.failed)
                .hasSize(2)
                .allSatisfy(
                        f -> {
                            assertThat(f.getType()).isEqualTo(ErrorOutputType.PROCESSING_FAILED);
                            assertThat(f.getErrorCode()).isEqualTo("Decompression.Failed");
                            assertThat(f.getErrorMessage()).contains("not valid gzip");
                        });
        assertThat(new String(out.failed.get(0).getRecord().getData())).isEqualTo("plain text");
    }

    @Test
    void onlyGzipIsAccepted() {
        assertThatThrownBy(
                        () ->
                                ProcessorChain.of(
                                        List.of(
                                                ProcessorSpec.of(
                                                        "Decompression",
                                                        "CompressionFormat",
                                                        "ZSTD"))))
                .hasMessageContaining("Processor Decompression")
                .hasMessageContaining("'CompressionFormat' has the bad value 'ZSTD'")
                .hasMessageContaining("GZIP");
    }
}
