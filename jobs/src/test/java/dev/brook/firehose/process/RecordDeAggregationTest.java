package dev.brook.firehose.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FirehoseRecord;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordDeAggregationTest {

    private static final ProcessorSpec JSON =
            ProcessorSpec.of("RecordDeAggregation", "SubRecordType", "JSON");

    private static ProcessorSpec delimited(String delimiter) {
        return ProcessorSpec.of(
                "RecordDeAggregation",
                "SubRecordType",
                "DELIMITED",
                "Delimiter",
                Base64.getEncoder().encodeToString(delimiter.getBytes()));
    }

    @Test
    void jsonObjectsConcatenatedOrOnePerLineBecomeSubRecords() throws Exception {
        FirehoseRecord source =
                new FirehoseRecord(
                        "shard-1:100",
                        5L,
                        "{\"a\":1}{\"a\":{\"b\":[2,\"}\"]}}\n  {\"a\":3}\r\n".getBytes(),
                        Map.of("k", "v"));

        RecordingOutput out = RecordingOutput.run(JSON, source);

        assertThat(out.failed).isEmpty();
        assertThat(out.emittedText())
                .containsExactly("{\"a\":1}", "{\"a\":{\"b\":[2,\"}\"]}}", "{\"a\":3}");
        assertThat(out.emittedIds())
                .containsExactly("shard-1:100:0", "shard-1:100:1", "shard-1:100:2");
        assertThat(out.emitted)
                .allSatisfy(
                        r -> {
                            assertThat(r.getArrivalTimeMillis()).isEqualTo(5L);
                            assertThat(r.getPartitionKeys()).containsEntry("k", "v");
                        });
    }

    @Test
    void jsonThatIsNotObjectsOneAfterAnotherFailsWithItsOriginalBytes() throws Exception {
        String[][] cases = {
            {"[{\"a\":1},{\"a\":2}]", "an array"},
            {"{\"a\":1} 42", "a number at byte 8"},
            {"{\"a\":1}{\"a\":", "not valid JSON"},
            {"   \n", "no JSON object"},
        };
        for (String[] c : cases) {
            RecordingOutput out = RecordingOutput.run(JSON, RecordingOutput.record("s:1", c[0]));
            assertThat(out.emitted).as(c[0]).isEmpty();
            assertThat(out.failed)
                    .as(c[0])
                    .singleElement()
                    .satisfies(
                            f -> {
                                assertThat(f.getType())
                                        .isEqualTo(ErrorOutputType.PROCESSING_FAILED);
                                assertThat(new String(f.getRecord().getData())).isEqualTo(c[0]);
                                assertThat(f.getErrorMessage()).contains(c[1]);
                            });
        }
    }

    @Test
    void moreThanFiveHundredSubRecordsFail() throws Exception {
        String fine = "{}".repeat(500);
        assertThat(RecordingOutput.run(JSON, RecordingOutput.record("s:1", fine)).emitted)
                .hasSize(500);
        RecordingOutput out = RecordingOutput.run(JSON, RecordingOutput.record("s:2", fine + "{}"));
        assertThat(out.failed)
                .singleElement()
                .satisfies(f -> assertThat(f.getErrorMessage()).contains("more than 500"));
    }

    @Test
    void delimitedRecordsSplitAtTheBase64Delimiter() throws Exception {
        RecordingOutput out =
                RecordingOutput.run(
                        delimited("####"), RecordingOutput.record("s:9", "a####b#c########d####"));

        assertThat(out.failed).isEmpty();
        assertThat(out.emittedText()).containsExactly("a", "b#c", "d");
        assertThat(out.emittedIds()).containsExactly("s:9:0", "s:9:1", "s:9:2");
    }

    @Test
    void aRecordOfOnlyDelimitersFails() throws Exception {
        RecordingOutput out =
                RecordingOutput.run(delimited("|"), RecordingOutput.record("s:9", "||"));
        assertThat(out.failed)
                .singleElement()
                .satisfies(f -> assertThat(f.getErrorMessage()).contains("only delimiters"));
    }
}
