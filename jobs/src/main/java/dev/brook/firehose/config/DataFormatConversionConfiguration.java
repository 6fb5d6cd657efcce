package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * JSON records converted to Parquet or ORC, as Firehose's DataFormatConversionConfiguration. The
 * schema is given inline as a Flink SQL column list ({@code SchemaConfiguration.Columns}) instead
 * of a Glue table.
 */
public record DataFormatConversionConfiguration(
        @JsonProperty("Enabled") Boolean enabled,
        @JsonProperty("SchemaConfiguration") SchemaConfiguration schemaConfiguration,
        @JsonProperty("InputFormatConfiguration") InputFormatConfiguration inputFormatConfiguration,
        @JsonProperty("OutputFormatConfiguration")
                OutputFormatConfiguration outputFormatConfiguration) {

    /** {@code Columns: "page STRING, user_id BIGINT, ts TIMESTAMP(3)"}. */
    public record SchemaConfiguration(@JsonProperty("Columns") String columns) {}

    public record InputFormatConfiguration(
            @JsonProperty("Deserializer") Deserializer deserializer) {}

    public record Deserializer(@JsonProperty("OpenXJsonSerDe") OpenXJsonSerDe openXJsonSerDe) {}

    /** Firehose's OpenX JSON SerDe options. */
    public record OpenXJsonSerDe(
            @JsonProperty("CaseInsensitive") Boolean caseInsensitive,
            @JsonProperty("ColumnToJsonKeyMappings") Map<String, String> columnToJsonKeyMappings,
            @JsonProperty("ConvertDotsInJsonKeysToUnderscores")
                    Boolean convertDotsInJsonKeysToUnderscores) {

        OpenXJsonSerDe withDefaults() {
            return new OpenXJsonSerDe(
                    caseInsensitive == null || caseInsensitive,
                    columnToJsonKeyMappings == null ? Map.of() : columnToJsonKeyMappings,
                    convertDotsInJsonKeysToUnderscores != null
                            && convertDotsInJsonKeysToUnderscores);
        }
    }

    public record OutputFormatConfiguration(@JsonProperty("Serializer") Serializer serializer) {}

    /** Exactly one of the two. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Serializer(
            @JsonProperty("ParquetSerDe") SerDe parquetSerDe,
            @JsonProperty("OrcSerDe") SerDe orcSerDe) {}

    /**
     * The columnar file's own compression: Parquet SNAPPY (default), GZIP, UNCOMPRESSED; ORC SNAPPY
     * (default), ZLIB, NONE.
     */
    public record SerDe(@JsonProperty("Compression") String compression) {}

    public boolean active() {
        return Boolean.TRUE.equals(enabled);
    }

    DataFormatConversionConfiguration withDefaults() {
        if (Boolean.FALSE.equals(enabled)) {
            return this; // off: what was given stays as it was, so defaults are idempotent
        }
        boolean on = true;
        InputFormatConfiguration in =
                new InputFormatConfiguration(
                        new Deserializer(
                                (inputFormatConfiguration == null
                                                        || inputFormatConfiguration.deserializer()
                                                                == null
                                                        || inputFormatConfiguration
                                                                        .deserializer()
                                                                        .openXJsonSerDe()
                                                                == null
                                                ? new OpenXJsonSerDe(null, null, null)
                                                : inputFormatConfiguration
                                                        .deserializer()
                                                        .openXJsonSerDe())
                                        .withDefaults()));
        OutputFormatConfiguration out = outputFormatConfiguration;
        if (out != null && out.serializer() != null) {
            Serializer s = out.serializer();
            out =
                    new OutputFormatConfiguration(
                            new Serializer(
                                    s.parquetSerDe() == null
                                            ? null
                                            : new SerDe(
                                                    orDefault(
                                                            s.parquetSerDe().compression(),
                                                            "SNAPPY")),
                                    s.orcSerDe() == null
                                            ? null
                                            : new SerDe(
                                                    orDefault(
                                                            s.orcSerDe().compression(),
                                                            "SNAPPY"))));
        }
        return new DataFormatConversionConfiguration(on, schemaConfiguration, in, out);
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }
}
