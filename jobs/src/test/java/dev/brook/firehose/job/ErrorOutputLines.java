package dev.brook.firehose.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** The error output's JSON lines under a key prefix, with the record data decoded. */
record ErrorOutputLines(String prefix, String errorCode, String errorMessage, String rawData) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every uncompressed error line in files whose key starts with {@code keyPrefix}. */
    static List<ErrorOutputLines> under(DeliveredFiles files, String keyPrefix) {
        List<ErrorOutputLines> out = new ArrayList<>();
        for (DeliveredFiles.File f : files.startingWith(keyPrefix)) {
            for (String line : f.lines(Function.identity())) {
                JsonNode e;
                try {
                    e = JSON.readTree(line);
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
                out.add(
                        new ErrorOutputLines(
                                f.prefix(),
                                e.get("errorCode").asText(),
                                e.get("errorMessage").asText(),
                                new String(
                                        Base64.getDecoder().decode(e.get("rawData").asText()),
                                        StandardCharsets.UTF_8)));
            }
        }
        return out;
    }
}
