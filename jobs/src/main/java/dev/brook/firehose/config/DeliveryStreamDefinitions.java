package dev.brook.firehose.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads delivery stream definitions from YAML or JSON (JSON when the text starts with {@code {}),
 * rejects unknown fields by name, validates ({@link DefinitionValidator}) and fills in defaults.
 */
public final class DeliveryStreamDefinitions {
    private static final ObjectMapper JSON = configure(new ObjectMapper(new JsonFactory()));
    private static final ObjectMapper YAML =
            configure(
                    new ObjectMapper(
                            YAMLFactory.builder()
                                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                                    .build()));

    private DeliveryStreamDefinitions() {}

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Reads, validates and completes the definition in {@code file}. */
    public static DeliveryStreamDefinition load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses YAML or JSON text, validates it and fills in the defaults. */
    public static DeliveryStreamDefinition parse(String text) {
        return DefinitionValidator.validate(read(text));
    }

    /** Parses without validating; errors name the line and column. */
    static DeliveryStreamDefinition read(String text) {
        readTree(text); // rejects an empty text, or one that is not a mapping, with a clear message
        ObjectMapper mapper = text.stripLeading().startsWith("{") ? JSON : YAML;
        try {
            return mapper.readValue(text, DeliveryStreamDefinition.class);
        } catch (JsonProcessingException e) {
            throw new InvalidDefinitionException(describe(e, mapper == JSON ? "JSON" : "YAML"));
        }
    }

    /**
     * The definition's text as a tree, for callers that change fields before validating (the
     * command line's flags override a file's values).
     */
    public static ObjectNode readTree(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidDefinitionException("the definition is empty");
        }
        ObjectMapper mapper = text.stripLeading().startsWith("{") ? JSON : YAML;
        try {
            JsonNode tree = mapper.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new InvalidDefinitionException("the definition is empty");
            }
            if (!tree.isObject()) {
                throw new InvalidDefinitionException(
                        "the definition must be a mapping of fields (DeliveryStreamName: ...), not a "
                                + tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            return (ObjectNode) tree;
        } catch (JsonProcessingException e) {
            throw new InvalidDefinitionException(describe(e, mapper == JSON ? "JSON" : "YAML"));
        }
    }

    /** An empty tree, for definitions made from flags alone. */
    public static ObjectNode emptyTree() {
        return JSON.createObjectNode();
    }

    /** Validates a tree from {@link #readTree} and fills in the defaults. */
    public static DeliveryStreamDefinition parse(ObjectNode tree) {
        return DefinitionValidator.validate(read(tree));
    }

    private static DeliveryStreamDefinition read(ObjectNode tree) {
        try {
            return JSON.treeToValue(tree, DeliveryStreamDefinition.class);
        } catch (JsonProcessingException e) {
            throw new InvalidDefinitionException(describe(e, "definition"));
        }
    }

    /** The definition as pretty JSON, in Firehose's field names (what {@code describe} prints). */
    public static String toJson(DeliveryStreamDefinition definition) {
        try {
            return JSON.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The definition as YAML. */
    public static String toYaml(DeliveryStreamDefinition definition) {
        try {
            return YAML.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line naming the field and what is wrong with it. */
    private static String describe(JsonProcessingException e, String format) {
        String where = where(e.getLocation());
        if (e instanceof UnrecognizedPropertyException u) {
            String parent = path(u.getPath().subList(0, u.getPath().size() - 1));
            List<String> known = new ArrayList<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            known.sort(String::compareTo);
            return "unknown field '"
                    + u.getPropertyName()
                    + "' in "
                    + (parent.isEmpty() ? "the definition" : parent)
                    + where
                    + "; known fields: "
                    + String.join(", ", known);
        }
        if (e instanceof InvalidFormatException f && f.getTargetType().isEnum()) {
            String allowed =
                    Arrays.stream(f.getTargetType().getEnumConstants())
                            .map(DeliveryStreamDefinitions::jsonName)
                            .collect(Collectors.joining(", "));
            return path(f.getPath()) + where + ": '" + f.getValue() + "' is not one of " + allowed;
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return path(m.getPath()) + where + ": " + firstLine(m.getOriginalMessage());
        }
        return "not valid " + format + where + ": " + firstLine(e.getOriginalMessage());
    }

    private static String jsonName(Object enumConstant) {
        try {
            return JSON.writeValueAsString(enumConstant).replace("\"", "");
        } catch (JsonProcessingException e) {
            return String.valueOf(enumConstant);
        }
    }

    private static String where(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) {
            return "";
        }
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
