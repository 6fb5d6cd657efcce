package dev.brook.firehose.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Firehose's {@code MetadataExtraction} processor, the inline parsing of dynamic partitioning: a jq
 * 1.6 query ({@code MetadataExtractionQuery}, e.g. {@code {customer_id: .customer_id, year:
 * .ts|strftime("%Y")}}) run on each JSON record must produce one object of scalars; each entry
 * becomes a partition key for {@code !{partitionKeyFromQuery:name}}.
 *
 * <p>A record that is not JSON, a key that comes out null or missing, or a non-scalar value sends
 * the record to the error output as {@code partitioning-failed}, as Firehose files records whose
 * partitioning keys it cannot extract.
 */
final class MetadataExtraction implements RecordProcessor {

    static final String TYPE = "MetadataExtraction";
    static final String QUERY = "MetadataExtractionQuery";
    static final String JSON_PARSING_ENGINE = "JsonParsingEngine";
    static final String ERROR_CODE = "DynamicPartitioning.MetadataExtractionFailed";

    private static final ObjectReader JSON =
            new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readerFor(JsonNode.class);

    private final String query;

    private transient JsonQuery compiled;
    private transient Scope scope;
    private transient List<JsonNode> results;

    private MetadataExtraction(String query) {
        this.query = query;
    }

    static MetadataExtraction create(ProcessorParameters parameters) {
        String query =
                parameters.required(
                        QUERY, "a jq 1.6 expression producing an object, e.g. {id: .customer_id}");
        parameters.oneOf(JSON_PARSING_ENGINE, "JQ-1.6", List.of("JQ-1.6"));
        try {
            JsonQuery.compile(query, Versions.JQ_1_6);
        } catch (JsonQueryException e) {
            throw parameters.invalid(QUERY, query, "a jq 1.6 expression (" + e.getMessage() + ")");
        }
        return new MetadataExtraction(query);
    }

    @Override
    public void open() throws JsonQueryException {
        scope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
        JqTimeFunctions.register(scope);
        compiled = JsonQuery.compile(query, Versions.JQ_1_6);
        results = new ArrayList<>(1);
    }

    @Override
    public void process(List<FirehoseRecord> batch, ProcessorOutput out) {
        for (FirehoseRecord record : batch) {
            try {
                FirehoseRecord keyed = record.withData(record.getData());
                extractInto(record.getData(), keyed.getPartitionKeys());
                out.emit(keyed);
            } catch (MalformedRecordException e) {
                out.fail(
                        new FailedRecord(
                                record,
                                ErrorOutputType.PARTITIONING_FAILED,
                                ERROR_CODE,
                                e.getMessage(),
                                1));
            }
        }
    }

    private void extractInto(byte[] data, Map<String, String> keys)
            throws MalformedRecordException {
        JsonNode input;
        try {
            input = JSON.readValue(data);
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException(
                    "MetadataExtraction: the record is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array failed", e);
        }
        results.clear();
        try {
            compiled.apply(Scope.newChildScope(scope), input, results::add);
        } catch (JsonQueryException e) {
            throw new MalformedRecordException(
                    "MetadataExtraction: query " + query + " failed: " + e.getMessage());
        }
        if (results.size() != 1 || !results.get(0).isObject()) {
            throw new MalformedRecordException(
                    "MetadataExtraction: query "
                            + query
                            + " must produce one JSON object of partition keys, produced "
                            + (results.size() == 1
                                    ? results.get(0)
                                            .getNodeType()
                                            .toString()
                                            .toLowerCase(Locale.ROOT)
                                    : results.size() + " results"));
        }
        for (Map.Entry<String, JsonNode> field : results.get(0).properties()) {
            JsonNode value = field.getValue();
            if (value.isNull() || value.isMissingNode()) {
                throw new MalformedRecordException(
                        "MetadataExtraction: partition key '"
                                + field.getKey()
                                + "' is null (missing from the record?)");
            }
            if (!value.isValueNode()) {
                throw new MalformedRecordException(
                        "MetadataExtraction: partition key '"
                                + field.getKey()
                                + "' must be a string, number or boolean, got "
                                + value.getNodeType().toString().toLowerCase(Locale.ROOT));
            }
            keys.put(field.getKey(), value.asText());
        }
    }
}
