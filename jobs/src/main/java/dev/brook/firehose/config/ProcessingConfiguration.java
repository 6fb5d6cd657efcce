package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.brook.firehose.process.ProcessorSpec;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The processors records go through, in order, as Firehose's ProcessingConfiguration. */
public record ProcessingConfiguration(
        @JsonProperty("Enabled") Boolean enabled,
        @JsonProperty("Processors") List<Processor> processors) {

    /**
     * One processor: its Firehose type and parameters. Parameters are a map ({@code Delimiter:
     * "\n"}) or, as in Firehose's API, a list of {@code {ParameterName, ParameterValue}}.
     */
    public record Processor(
            @JsonProperty("Type") String type,
            @JsonProperty("Parameters") @JsonDeserialize(using = ParametersDeserializer.class)
                    Map<String, String> parameters) {

        Processor withDefaults() {
            return new Processor(type, parameters == null ? Map.of() : parameters);
        }
    }

    /** The configuration with defaults; none at all means no processors. */
    static ProcessingConfiguration withDefaults(ProcessingConfiguration configuration) {
        return (configuration == null ? new ProcessingConfiguration(false, null) : configuration)
                .withDefaults();
    }

    ProcessingConfiguration withDefaults() {
        boolean on = enabled == null ? processors != null && !processors.isEmpty() : enabled;
        return new ProcessingConfiguration(
                on,
                processors == null
                        ? List.of()
                        : processors.stream()
                                .map(p -> p == null ? null : p.withDefaults())
                                .toList());
    }

    /** The processors as the processor chain takes them. */
    public List<ProcessorSpec> specs() {
        return processors.stream().map(p -> new ProcessorSpec(p.type(), p.parameters())).toList();
    }

    /** True if records go through at least one processor. */
    public boolean active() {
        return Boolean.TRUE.equals(enabled) && processors != null && !processors.isEmpty();
    }

    /** Reads both parameter forms into one ordered map of strings. */
    static final class ParametersDeserializer extends JsonDeserializer<Map<String, String>> {
        @Override
        public Map<String, String> deserialize(JsonParser p, DeserializationContext ctxt)
                throws IOException {
            JsonNode node = ctxt.readTree(p);
            Map<String, String> out = new LinkedHashMap<>();
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    out.put(f.getKey(), scalar(f.getValue(), f.getKey(), p, ctxt));
                }
                return out;
            }
            if (node.isArray()) {
                for (JsonNode entry : node) {
                    JsonNode name = entry.get("ParameterName");
                    JsonNode value = entry.get("ParameterValue");
                    if (!entry.isObject() || name == null || value == null || entry.size() != 2) {
                        return ctxt.reportInputMismatch(
                                Map.class,
                                "a parameter in the list form must be {ParameterName: ...,"
                                        + " ParameterValue: ...}");
                    }
                    out.put(name.asText(), scalar(value, name.asText(), p, ctxt));
                }
                return out;
            }
            return ctxt.reportInputMismatch(
                    Map.class,
                    "Parameters must be a map of names to values or a list of {ParameterName,"
                            + " ParameterValue}");
        }

        private static String scalar(
                JsonNode v, String name, JsonParser p, DeserializationContext ctxt)
                throws IOException {
            if (!v.isValueNode() || v.isNull()) {
                ctxt.reportInputMismatch(
                        Map.class,
                        "parameter '%s' must be a string, number or boolean, got %s",
                        name,
                        v.getNodeType());
            }
            return v.asText();
        }

        @Override
        public Map<String, String> getNullValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
