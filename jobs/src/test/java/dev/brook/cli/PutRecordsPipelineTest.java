package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brook.store.BrookException;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.PutRecordsResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PutRecordsPipelineTest {
    private static List<PutRecordsEntry> batch(int n) {
        List<PutRecordsEntry> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            b.add(new PutRecordsEntry("k", new byte[0]));
        }
        return b;
    }

    private static PutRecordsResult ok(List<PutRecordsEntry> b) {
        List<PutRecordsResult.Entry> e = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            e.add(new PutRecordsResult.Entry("shardId-000000000000", "1", null, null));
        }
        return new PutRecordsResult(0, e);
    }

    @Test
    void aStoreErrorMidwayLeavesValidJsonOfWhatWasPut() throws Exception {
        StringWriter out = new StringWriter();
        PutRecordsCommand.ResultWriter results =
                new PutRecordsCommand.ResultWriter(new PrintWriter(out), 10);
        int[] calls = {0};
        assertThatThrownBy(
                        () -> {
                            try (results;
                                    PutRecordsCommand.Pipeline p =
                                            new PutRecordsCommand.Pipeline(
                                                    b -> {
                                                        if (++calls[0] == 3) {
                                                            throw BrookException.notFound(
                                                                    "stream s was deleted");
                                                        }
                                                        return ok(b);
                                                    },
                                                    results,
                                                    put -> {})) {
                                for (int i = 0; i < 5; i++) {
                                    p.submit(batch(4));
                                }
                                p.drain();
                            }
                        })
                .isInstanceOf(BrookException.class)
                .hasMessage("stream s was deleted");
        JsonNode json = Cli.JSON.readTree(out.toString());
        assertThat(json.get("Records")).hasSize(8);
        assertThat(json.get("FailedRecordCount").asInt()).isZero();
    }

    @Test
    void batchesArePutOneAtATimeInOrder() throws Exception {
        StringWriter out = new StringWriter();
        List<Integer> sizes = new ArrayList<>();
        List<Long> progress = new ArrayList<>();
        try (PutRecordsCommand.ResultWriter results =
                        new PutRecordsCommand.ResultWriter(new PrintWriter(out), 1_000_000);
                PutRecordsCommand.Pipeline p =
                        new PutRecordsCommand.Pipeline(
                                b -> {
                                    synchronized (sizes) {
                                        sizes.add(b.size());
                                    }
                                    return ok(b);
                                },
                                results,
                                progress::add)) {
            for (int i = 1; i <= 450; i++) {
                p.submit(batch(i % 7 == 0 ? 1 : 500));
            }
            p.drain();
            assertThat(p.put()).isEqualTo(sizes.stream().mapToLong(Integer::longValue).sum());
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= 450; i++) {
            expected.add(i % 7 == 0 ? 1 : 500);
        }
        assertThat(sizes).isEqualTo(expected);
        assertThat(progress).hasSize(1); // 386 x 500 + 64 x 1 = 193064 records: past 100000 once
    }
}
