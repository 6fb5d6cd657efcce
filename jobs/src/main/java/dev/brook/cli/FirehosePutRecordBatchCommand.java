package dev.brook.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.store.PutRecordsResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "put-record-batch",
        header = "Puts up to 500 records into a Direct PUT delivery stream in one call.",
        description = {
            "The records come from FILE or stdin (-): a JSON array of {\"Data\": \"text\"} or"
                    + " {\"DataBase64\": \"...\"} objects (as 'aws firehose put-record-batch"
                    + " --records' takes them), or one such object per line.",
            "Firehose's limits hold per call: at most 500 records, 4 MiB together, 1000 KiB each;"
                    + " a call over a limit puts nothing. Prints {\"FailedPutCount\": n,"
                    + " \"Encrypted\": false, \"RequestResponses\": [{\"RecordId\": ...} or"
                    + " {\"ErrorCode\": ..., \"ErrorMessage\": ...}]}."
        })
final class FirehosePutRecordBatchCommand extends FirehosePutCommand {
    @Option(
            names = "--records",
            required = true,
            paramLabel = "FILE|-",
            description = "The records: a file (or file://PATH), or - for stdin.")
    String records;

    @Override
    public Integer call() throws Exception {
        List<byte[]> batch = read();
        String limit = FirehoseDirectPut.checkLimits(batch);
        if (limit != null) {
            throw usage("--records: " + limit + "; nothing was put");
        }
        putAndPrint(
                batch,
                r -> {
                    ObjectNode result = JsonOutput.object();
                    long failed =
                            r.records().stream().filter(PutRecordsResult.Entry::failed).count();
                    result.put("FailedPutCount", failed);
                    result.put("Encrypted", false);
                    ArrayNode responses = result.putArray("RequestResponses");
                    for (PutRecordsResult.Entry e : r.records()) {
                        ObjectNode n = responses.addObject();
                        if (e.failed()) {
                            n.put("ErrorCode", e.errorCode());
                            n.put("ErrorMessage", e.errorMessage());
                        } else {
                            n.put("RecordId", FirehoseDirectPut.recordId(e));
                        }
                    }
                    return result;
                });
        return BrookCli.EXIT_OK;
    }

    private List<byte[]> read() {
        String text;
        try (InputStream in = Inputs.open(records, cli().stdin())) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw usage("--records " + records + ": cannot read it: " + Inputs.reason(e));
        }
        List<byte[]> out = new ArrayList<>();
        if (text.stripLeading().startsWith("[")) {
            JsonNode array = parse(text, "the JSON array");
            for (int i = 0; i < array.size(); i++) {
                out.add(data(array.get(i), "record " + i));
            }
            return out;
        }
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.add(data(parse(lines[i], "line " + (i + 1)), "line " + (i + 1)));
            }
        }
        return out;
    }

    private JsonNode parse(String json, String where) {
        try {
            return JsonOutput.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw usage(
                    "--records: "
                            + where
                            + " is not valid JSON: "
                            + BrookCli.oneLine(e.getOriginalMessage()));
        }
    }

    private byte[] data(JsonNode n, String where) {
        if (n == null || !n.isObject()) {
            throw usage(
                    "--records: " + where + ": expected an object such as {\"Data\": \"text\"}");
        }
        byte[] data = null;
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            JsonNode v = n.get(f);
            if (!f.equals("Data") && !f.equals("DataBase64")) {
                throw usage(
                        "--records: "
                                + where
                                + ": unknown field \""
                                + f
                                + "\"; a record has Data (text) or DataBase64");
            }
            if (data != null) {
                throw usage("--records: " + where + ": give either Data or DataBase64, not both");
            }
            if (!v.isTextual()) {
                throw usage("--records: " + where + ": " + f + " must be a string");
            }
            try {
                data =
                        f.equals("Data")
                                ? v.textValue().getBytes(StandardCharsets.UTF_8)
                                : Base64.getDecoder().decode(v.textValue());
            } catch (IllegalArgumentException e) {
                throw usage("--records: " + where + ": DataBase64 is not valid base64");
            }
        }
        if (data == null) {
            throw usage("--records: " + where + ": missing \"Data\" (or \"DataBase64\")");
        }
        return data;
    }
}
