package dev.brook.firehose.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LambdaProcessorTest {

    private static final String TRANSFORMER = ScriptedTransformer.class.getName();

    @BeforeEach
    void reset() {
        ScriptedTransformer.reset();
    }

    private static ProcessorSpec lambda(String... extra) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("TransformerClassName", TRANSFORMER);
        for (int i = 0; i < extra.length; i += 2) {
            parameters.put(extra[i], extra[i + 1]);
        }
        return new ProcessorSpec("Lambda", parameters);
    }

    private static FailedRecord failureOf(RecordingOutput out, String id) {
        return out.failed.stream()
                .filter(f -> f.getRecord().getRecordId().equals(id))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no failure for " + id + " in " + out.failed));
    }

    @Test
    void okReplacesDataDroppedDropsAndProcessingFailedKeepsTheOriginalData() throws Exception {
        RecordingOutput out =
                RecordingOutput.run(
                        lambda(),
                        RecordingOutput.record("s:1", "upper:abc"),
                        RecordingOutput.record("s:2", "drop"),
                        RecordingOutput.record("s:3", "fail"),
                        RecordingOutput.record("s:4", "key:customer=42"),
                        RecordingOutput.record("s:5", "same"));

        assertThat(ScriptedTransformer.OPENED).hasValue(1);
        assertThat(out.emittedIds()).containsExactly("s:1", "s:4", "s:5");
        assertThat(out.emittedText()).containsExactly("ABC", "key:customer=42", "same");
        assertThat(out.emitted.get(1).getPartitionKeys())
                .containsExactly(Map.entry("customer", "42"));
        FailedRecord failed = failureOf(out, "s:3");
        assertThat(out.failed).hasSize(1);
        assertThat(failed.getType()).isEqualTo(ErrorOutputType.PROCESSING_FAILED);
        assertThat(failed.getErrorCode()).isEqualTo("Lambda.ProcessingFailedStatus");
        assertThat(failed.getErrorMessage()).contains("told to fail");
        assertThat(new String(failed.getRecord().getData())).isEqualTo("fail");
    }

    @Test
    void missingDuplicatedAndUnknownIdsFailTheRecordsConcerned() throws Exception {
        RecordingOutput out =
                RecordingOutput.run(
                        lambda(),
                        RecordingOutput.record("s:1", "dup"),
                        RecordingOutput.record("s:2", "omit"),
                        RecordingOutput.record("s:3", "stranger"),
                        RecordingOutput.record("s:4", "fine"));

        assertThat(out.emittedIds()).containsExactly("s:4");
        assertThat(failureOf(out, "s:1").getErrorCode()).isEqualTo("Lambda.DuplicatedRecordId");
        assertThat(failureOf(out, "s:2").getErrorCode()).isEqualTo("Lambda.MissingRecordId");
        FailedRecord stranger = failureOf(out, "s:3");
        assertThat(stranger.getErrorCode()).isEqualTo("Lambda.MissingRecordId");
        assertThat(stranger.getErrorMessage()).contains("s:3-unknown");
        assertThat(out.failed).hasSize(3);
        assertThat(new String(failureOf(out, "s:1").getRecord().getData())).isEqualTo("dup");
    }

    @Test
    void aThrowingCallIsRetriedNumberOfRetriesTimes() throws Exception {
        RecordingOutput recovered =
                RecordingOutput.run(
                        lambda("NumberOfRetries", "2"),
                        RecordingOutput.record("s:1", "throw:3"),
                        RecordingOutput.record("s:2", "other"));
        assertThat(recovered.failed).isEmpty();
        assertThat(recovered.emittedIds()).containsExactly("s:1", "s:2");
        assertThat(ScriptedTransformer.CALL_SIZES).containsExactly(2, 2, 2);

        ScriptedTransformer.reset();
        RecordingOutput exhausted =
                RecordingOutput.run(
                        lambda("NumberOfRetries", "1"),
                        RecordingOutput.record("t:1", "throw:3"),
                        RecordingOutput.record("t:2", "other"));
        assertThat(exhausted.emitted).isEmpty();
        assertThat(exhausted.failed)
                .hasSize(2)
                .allSatisfy(
                        f -> {
                            assertThat(f.getErrorCode()).isEqualTo("Lambda.FunctionError");
                            assertThat(f.getAttemptsMade()).isEqualTo(2);
                            assertThat(f.getErrorMessage()).contains("attempt 2 of t:1 breaks");
                        });
        assertThat(new String(exhausted.failed.get(1).getRecord().getData())).isEqualTo("other");
    }

    @Test
    void theDefaultIsThreeRetries() throws Exception {
        RecordingOutput out =
                RecordingOutput.run(lambda(), RecordingOutput.record("s:1", "throw:4"));
        assertThat(out.emittedIds()).containsExactly("s:1");
        RecordingOutput tooMany =
                RecordingOutput.run(lambda(), RecordingOutput.record("s:2", "throw:5"));
        assertThat(tooMany.failed)
                .singleElement()
                .satisfies(f -> assertThat(f.getAttemptsMade()).isEqualTo(4));
    }

    @Test
    void callsHoldAtMostBufferSizeInMBsOfData() throws Exception {
        List<FirehoseRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(RecordingOutput.record("s:" + i, new byte[100 * 1024]));
        }
        ProcessorChain chain = ProcessorChain.of(List.of(lambda("BufferSizeInMBs", "0.2")));
        chain.open();
        RecordingOutput out = new RecordingOutput();
        chain.process(records, out);

        assertThat(out.emitted).hasSize(10);
        assertThat(ScriptedTransformer.CALL_SIZES).containsExactly(2, 2, 2, 2, 2);
    }

    public abstract static class AbstractTransformer implements RecordTransformer {}

    public static class NoDefaultConstructor extends ScriptedTransformer {
        public NoDefaultConstructor(String unused) {}
    }

    @Test
    void theTransformerClassIsChecked() {
        assertThatThrownBy(() -> ProcessorChain.of(List.of(new ProcessorSpec("Lambda", Map.of()))))
                .hasMessageContaining("Lambda")
                .hasMessageContaining("'TransformerClassName' is required");
        String[][] cases = {
            {"com.example.Nope", "no class 'com.example.Nope' was found"},
            {String.class.getName(), "implementing dev.brook.firehose.process.RecordTransformer"},
            {AbstractTransformer.class.getName(), "concrete class"},
            {NoDefaultConstructor.class.getName(), "public no-argument constructor"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(
                            () ->
                                    ProcessorChain.of(
                                            List.of(
                                                    ProcessorSpec.of(
                                                            "Lambda",
                                                            "TransformerClassName",
                                                            c[0]))))
                    .as(c[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Processor Lambda")
                    .hasMessageContaining("'TransformerClassName'")
                    .hasMessageContaining(c[1]);
        }
    }

    @Test
    void numericParametersAreRangeChecked() {
        assertThatThrownBy(() -> ProcessorChain.of(List.of(lambda("NumberOfRetries", "-1"))))
                .hasMessageContaining("'NumberOfRetries'")
                .hasMessageContaining("an integer from 0 to 300");
        assertThatThrownBy(() -> ProcessorChain.of(List.of(lambda("BufferSizeInMBs", "5"))))
                .hasMessageContaining("'BufferSizeInMBs'")
                .hasMessageContaining("0.2 to 3.0");
        assertThatThrownBy(
                        () -> ProcessorChain.of(List.of(lambda("BufferIntervalInSeconds", "10"))))
                .hasMessageContaining("'BufferIntervalInSeconds'")
                .hasMessageContaining("60 to 900");
        assertThatThrownBy(
                        () -> ProcessorChain.of(List.of(lambda("LambdaArn", "arn:aws:lambda:x"))))
                .hasMessageContaining("unknown parameter 'LambdaArn'")
                .hasMessageContaining("TransformerClassName");
    }
}
