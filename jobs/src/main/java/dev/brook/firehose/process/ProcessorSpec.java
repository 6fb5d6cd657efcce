package dev.brook.firehose.process;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One processor as Firehose's {@code ProcessingConfiguration} describes it: a {@code Type} and its
 * {@code ParameterName -> ParameterValue} pairs. {@link ProcessorChain#of} checks them.
 */
public record ProcessorSpec(String type, Map<String, String> parameters) implements Serializable {

    public ProcessorSpec {
        Objects.requireNonNull(type, "type");
        parameters =
                parameters == null
                        ? Collections.emptyMap()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public static ProcessorSpec of(String type) {
        return new ProcessorSpec(type, Collections.emptyMap());
    }

    public static ProcessorSpec of(String type, String name, String value) {
        return new ProcessorSpec(type, Map.of(name, value));
    }

    public static ProcessorSpec of(
            String type, String name1, String value1, String name2, String value2) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(name1, value1);
        parameters.put(name2, value2);
        return new ProcessorSpec(type, parameters);
    }
}
