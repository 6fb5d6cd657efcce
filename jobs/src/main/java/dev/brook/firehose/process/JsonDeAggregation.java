package dev.brook.firehose.process;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code SubRecordType JSON}: a record holding JSON objects one after another, with or without
 * whitespace or newlines between them ({@code {"a":1}{"a":2}}, JSON lines). Each object becomes a
 * sub-record, byte for byte. Anything else at the top level (an array, a scalar, broken JSON) fails
 * the whole record, as Firehose only accepts objects.
 */
final class JsonDeAggregation extends RecordDeAggregation {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    boolean split(byte[] data, List<byte[]> into) throws MalformedRecordException {
        try (JsonParser parser = JSON.createParser(data)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                long start = parser.currentTokenLocation().getByteOffset();
                if (token != JsonToken.START_OBJECT) {
                    throw new MalformedRecordException(
                            "JSON de-aggregation takes JSON objects one after another"
                                    + " (concatenated or one per line), found "
                                    + describe(token)
                                    + " at byte "
                                    + start);
                }
                parser.skipChildren();
                long end = parser.currentLocation().getByteOffset();
                addCapped(into, Arrays.copyOfRange(data, (int) start, (int) end), "JSON");
            }
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException(
                    "JSON de-aggregation: not valid JSON: "
                            + e.getOriginalMessage()
                            + " at byte "
                            + e.getLocation().getByteOffset());
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array failed", e);
        }
        if (into.isEmpty()) {
            throw new MalformedRecordException(
                    "JSON de-aggregation: the record holds no JSON object");
        }
        return true;
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "an array (arrays of objects are not accepted)";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            default:
                return "'" + token.asString() + "'";
        }
    }
}
