package dev.brook.firehose.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.firehose.ErrorOutputType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ProcessorChainTest {

    @Test
    void processorsRunInTheOrderGivenAndSurviveSerialization() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("{\"c\":\"x\",\"v\":\"upper:a\"}\n{\"c\":\"y\"}\nnot json\n".getBytes());
        }
        ProcessorChain built =
                ProcessorChain.of(
                        List.of(
                                ProcessorSpec.of("Decompression", "CompressionFormat", "GZIP"),
                                ProcessorSpec.of(
                                        "RecordDeAggregation",
                                        "SubRecordType",
                                        "DELIMITED",
                                        "Delimiter",
                                        Base64.getEncoder().encodeToString("\n".getBytes())),
                                ProcessorSpec.of(
                                        "Lambda",
                                        "TransformerClassName",
                                        ScriptedTransformer.class.getName()),
                                ProcessorSpec.of(
                                        "MetadataExtraction", "MetadataExtractionQuery", "{c: .c}"),
                                ProcessorSpec.of("AppendDelimiterToRecord", "Delimiter", "|")));
        ProcessorChain chain = roundTrip(built);
        chain.open();
        RecordingOutput out = new RecordingOutput();
        chain.process(List.of(RecordingOutput.record("shard:5", compressed.toByteArray())), out);

        assertThat(out.emittedText())
                .containsExactly("{\"c\":\"x\",\"v\":\"upper:a\"}|", "{\"c\":\"y\"}|");
        assertThat(out.emittedIds()).containsExactly("shard:5:0", "shard:5:1");
        assertThat(out.emitted.get(0).getPartitionKeys()).isEqualTo(Map.of("c", "x"));
        assertThat(out.failed)
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.getType()).isEqualTo(ErrorOutputType.PARTITIONING_FAILED);
                            assertThat(f.getRecord().getRecordId()).isEqualTo("shard:5:2");
                            assertThat(new String(f.getRecord().getData())).isEqualTo("not json");
                        });

        RecordingOutput second = new RecordingOutput();
        chain.process(List.of(RecordingOutput.record("shard:6", compressed.toByteArray())), second);
        assertThat(second.emittedIds()).containsExactly("shard:6:0", "shard:6:1");
    }

    @Test
    void appendDelimiterDefaultsToANewline() throws Exception {
        RecordingOutput out =
                RecordingOutput.run(
                        ProcessorSpec.of("AppendDelimiterToRecord"),
                        RecordingOutput.record("s:1", "a"));
        assertThat(out.emittedText()).containsExactly("a\n");
        RecordingOutput crlf =
                RecordingOutput.run(
                        ProcessorSpec.of("AppendDelimiterToRecord", "Delimiter", "\r\n"),
                        RecordingOutput.record("s:1", "a"));
        assertThat(crlf.emittedText()).containsExactly("a\r\n");
    }

    @Test
    void anEmptyChainPassesRecordsThrough() throws Exception {
        ProcessorChain chain = ProcessorChain.of(List.of());
        chain.open();
        RecordingOutput out = new RecordingOutput();
        chain.process(List.of(RecordingOutput.record("s:1", "a")), out);
        assertThat(out.emittedText()).containsExactly("a");
    }

    @Test
    void specsAreValidatedWithMessagesNamingTypeParameterAndWhatIsAllowed() {
        assertThatThrownBy(() -> ProcessorChain.of(List.of(ProcessorSpec.of("CloudWatchLogs"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown processor type 'CloudWatchLogs'")
                .hasMessageContaining(
                        "RecordDeAggregation, Decompression, Lambda, MetadataExtraction, AppendDelimiterToRecord");
        assertThatThrownBy(
                        () -> ProcessorChain.of(List.of(ProcessorSpec.of("RecordDeAggregation"))))
                .hasMessageContaining(
                        "Processor RecordDeAggregation: parameter 'SubRecordType' is required")
                .hasMessageContaining("JSON, DELIMITED, KPL");
        assertThatThrownBy(
                        () ->
                                ProcessorChain.of(
                                        List.of(
                                                ProcessorSpec.of(
                                                        "RecordDeAggregation",
                                                        "SubRecordType",
                                                        "json"))))
                .hasMessageContaining("'SubRecordType' has the bad value 'json'");
        assertThatThrownBy(
                        () ->
                                ProcessorChain.of(
                                        List.of(
                                                ProcessorSpec.of(
                                                        "RecordDeAggregation",
                                                        "SubRecordType",
                                                        "DELIMITED"))))
                .hasMessageContaining("'Delimiter' is required")
                .hasMessageContaining("base64");
        assertThatThrownBy(
                        () ->
                                ProcessorChain.of(
                                        List.of(
                                                ProcessorSpec.of(
                                                        "RecordDeAggregation",
                                                        "SubRecordType",
                                                        "DELIMITED",
                                                        "Delimiter",
                                                        "####"))))
                .hasMessageContaining("'Delimiter' has the bad value '####'")
                .hasMessageContaining("IyMjIw==");
        assertThatThrownBy(
                        () ->
                                ProcessorChain.of(
                                        List.of(
                                                ProcessorSpec.of(
                                                        "RecordDeAggregation",
                                                        "SubRecordType",
                                                        "JSON",
                                                        "Delimiter",
                                                        "IyMjIw=="))))
                .hasMessageContaining("only for SubRecordType DELIMITED");
        assertThatThrownBy(
                        () ->
                                ProcessorChain.of(
                                        List.of(
                                                ProcessorSpec.of(
                                                        "AppendDelimiterToRecord",
                                                        "Separator",
                                                        ","))))
                .hasMessageContaining(
                        "Processor AppendDelimiterToRecord: unknown parameter 'Separator'; allowed: Delimiter");
        assertThatThrownBy(
                        () ->
                                ProcessorChain.of(
                                        List.of(
                                                ProcessorSpec.of(
                                                        "AppendDelimiterToRecord",
                                                        "Delimiter",
                                                        ""))))
                .hasMessageContaining("'Delimiter' has the bad value ''");
        assertThatThrownBy(
                        () ->
                                ProcessorChain.of(
                                        List.of(
                                                ProcessorSpec.of(
                                                        "AppendDelimiterToRecord",
                                                        "Delimiter",
                                                        "x".repeat(5121)))))
                .hasMessageContaining("at most 5120 characters");
    }

    @Test
    void processingBeforeOpenIsAnError() {
        ProcessorChain chain = ProcessorChain.of(List.of());
        assertThatThrownBy(() -> chain.process(List.of(), new RecordingOutput()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("open()");
    }

    private static ProcessorChain roundTrip(ProcessorChain chain) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(chain);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ProcessorChain) in.readObject();
        }
    }
}
