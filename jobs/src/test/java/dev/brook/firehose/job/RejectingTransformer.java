package dev.brook.firehose.job;

import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.process.RecordTransformer;
import dev.brook.firehose.process.TransformResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The test's transform hook: records with {@code "reject"} in them fail processing. */
public final class RejectingTransformer implements RecordTransformer {
    @Override
    public List<TransformResult> transform(List<FirehoseRecord> records) {
        List<TransformResult> out = new ArrayList<>(records.size());
        for (FirehoseRecord r : records) {
            String text = new String(r.getData(), StandardCharsets.UTF_8);
            out.add(
                    text.contains("reject")
                            ? TransformResult.processingFailed(
                                    r.getRecordId(), "rejected by the test")
                            : TransformResult.ok(r.getRecordId(), r.getData()));
        }
        return out;
    }
}
