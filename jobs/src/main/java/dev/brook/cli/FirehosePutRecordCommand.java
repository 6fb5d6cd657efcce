package dev.brook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.PutRecordsResult;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "put-record",
        header = "Puts one record into a Direct PUT delivery stream.",
        description = {
            "Puts the record into the delivery stream's backing stream (firehose-NAME under --root),"
                    + " which a running 'brook firehose run' delivers. Prints {\"RecordId\": ...,"
                    + " \"Encrypted\": false} as 'aws firehose put-record' does. Records are at most"
                    + " 1000 KiB."
        })
final class FirehosePutRecordCommand extends FirehosePutCommand {
    @Option(
            names = "--data",
            required = true,
            paramLabel = "TEXT",
            description = "The record's data: text, file://PATH or fileb://PATH.")
    String data;

    @Override
    public Integer call() throws Exception {
        byte[] bytes;
        try {
            bytes = Inputs.bytes(data);
        } catch (IOException e) {
            throw usage("--data " + data + ": cannot read the file: " + Inputs.reason(e));
        }
        String limit = FirehoseDirectPut.checkLimits(List.of(bytes));
        if (limit != null) {
            throw usage("--data: " + limit.replaceFirst("^record 0 ", "the record "));
        }
        putAndPrint(
                List.of(bytes),
                r -> {
                    PutRecordsResult.Entry e = r.records().get(0);
                    if (e.failed()) {
                        throw new IllegalStateException(e.errorCode() + ": " + e.errorMessage());
                    }
                    ObjectNode result = JsonOutput.object();
                    result.put("RecordId", FirehoseDirectPut.recordId(e));
                    result.put("Encrypted", false);
                    return result;
                });
        return BrookCli.EXIT_OK;
    }
}
