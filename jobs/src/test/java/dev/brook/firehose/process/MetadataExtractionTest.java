package dev.brook.firehose.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.firehose.ErrorOutputType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataExtractionTest {

    private static ProcessorSpec query(String query) {
        return ProcessorSpec.of(
                "MetadataExtraction",
                "MetadataExtractionQuery",
                query,
                "JsonParsingEngine",
                "JQ-1.6");
    }

    @Test
    void scalarsOfTheQueryObjectBecomePartitionKeys() throws Exception {
        String json =
                "{\"customer_id\":\"c-7\",\"type\":{\"device\":\"mobile\",\"n\":3},"
                        + "\"ok\":true,\"ratio\":1.5,\"event_timestamp\":1425599621}";
        RecordingOutput out =
                RecordingOutput.run(
                        query(
                                "{customer_id: .customer_id, device: .type.device, n: .type.n,"
                                        + " ok: .ok, ratio: .ratio,"
                                        + " year: .event_timestamp|strftime(\"%Y\"),"
                                        + " hour: .event_timestamp|strftime(\"%H\"),"
                                        + " day: .event_timestamp|gmtime|todate}"),
                        RecordingOutput.record("s:1", json));

        assertThat(out.failed).isEmpty();
        assertThat(out.emitted)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(new String(r.getData())).isEqualTo(json);
                            assertThat(r.getPartitionKeys())
                                    .containsExactly(
                                            Map.entry("customer_id", "c-7"),
                                            Map.entry("device", "mobile"),
                                            Map.entry("n", "3"),
                                            Map.entry("ok", "true"),
                                            Map.entry("ratio", "1.5"),
                                            Map.entry("year", "2015"),
                                            Map.entry("hour", "23"),
                                            Map.entry("day", "2015-03-05T23:53:41Z"));
                        });
    }

    @Test
    void jqTimeFunctionsFollowJq() throws Exception {
        RecordingOutput out =
                RecordingOutput.run(
                        query(
                                "{a: (.t|gmtime|mktime), b: (.t|strftime(\"%j %a %b %e %I%p %F %T %s %%\")),"
                                        + " c: (.t|gmtime|.[6])}"),
                        RecordingOutput.record("s:1", "{\"t\":1425599621}"));
        assertThat(out.emitted.get(0).getPartitionKeys())
                .containsEntry("a", "1425599621")
                .containsEntry("b", "064 Thu Mar  5 11PM 2015-03-05 23:53:41 1425599621 %")
                .containsEntry("c", "4");
    }

    @Test
    void everyExtractionProblemIsAPartitioningFailure() throws Exception {
        String q = "{id: .customer.id}";
        String[][] cases = {
            {"not json", "not JSON"},
            {"{\"a\":1} {\"b\":2}", "not JSON"},
            {"{\"customer\":{}}", "'id' is null"},
            {
                "{\"customer\":{\"id\":[1,2]}}",
                "'id' must be a string, number or boolean, got array"
            },
            {"{\"customer\":{\"id\":{\"x\":1}}}", "got object"},
            {"{\"customer\":5}", "failed"},
        };
        for (String[] c : cases) {
            RecordingOutput out =
                    RecordingOutput.run(query(q), RecordingOutput.record("s:1", c[0]));
            assertThat(out.emitted).as(c[0]).isEmpty();
            assertThat(out.failed)
                    .as(c[0])
                    .singleElement()
                    .satisfies(
                            f -> {
                                assertThat(f.getType())
                                        .isEqualTo(ErrorOutputType.PARTITIONING_FAILED);
                                assertThat(f.getErrorCode())
                                        .isEqualTo("DynamicPartitioning.MetadataExtractionFailed");
                                assertThat(new String(f.getRecord().getData())).isEqualTo(c[0]);
                                assertThat(f.getErrorMessage()).contains(c[1]);
                            });
        }
        RecordingOutput notObject =
                RecordingOutput.run(
                        query(".customer.id"),
                        RecordingOutput.record("s:1", "{\"customer\":{\"id\":1}}"));
        assertThat(notObject.failed)
                .singleElement()
                .satisfies(
                        f -> assertThat(f.getErrorMessage()).contains("one JSON object", "number"));
        RecordingOutput many =
                RecordingOutput.run(query(".[] | {v: .}"), RecordingOutput.record("s:1", "[1,2]"));
        assertThat(many.failed)
                .singleElement()
                .satisfies(f -> assertThat(f.getErrorMessage()).contains("2 results"));
    }

    @Test
    void theQueryAndEngineAreCheckedWhenTheChainIsBuilt() {
        assertThatThrownBy(() -> ProcessorChain.of(List.of(query("{id: .a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Processor MetadataExtraction")
                .hasMessageContaining("'MetadataExtractionQuery'")
                .hasMessageContaining("a jq 1.6 expression");
        assertThatThrownBy(
                        () ->
                                ProcessorChain.of(
                                        List.of(
                                                ProcessorSpec.of(
                                                        "MetadataExtraction",
                                                        "MetadataExtractionQuery",
                                                        "{id: .a}",
                                                        "JsonParsingEngine",
                                                        "JQ-1.5"))))
                .hasMessageContaining("'JsonParsingEngine' has the bad value 'JQ-1.5'")
                .hasMessageContaining("JQ-1.6");
        assertThatThrownBy(() -> ProcessorChain.of(List.of(ProcessorSpec.of("MetadataExtraction"))))
                .hasMessageContaining("'MetadataExtractionQuery' is required");
    }
}
