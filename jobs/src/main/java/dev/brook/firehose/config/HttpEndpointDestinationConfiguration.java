package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.brook.firehose.destination.HttpEndpointConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Delivery to an HTTP endpoint speaking Firehose's HTTP endpoint delivery protocol, as Firehose's
 * HttpEndpointDestinationConfiguration. Failed records go under {@code
 * S3Configuration.ErrorOutputPrefix}; with {@code S3BackupMode: AllData} every source record is
 * also kept under {@code S3Configuration.Prefix}. {@link #toConfig} maps it onto the destination's
 * own {@link HttpEndpointConfig}, whose builder holds the limits.
 */
public record HttpEndpointDestinationConfiguration(
        @JsonProperty("EndpointConfiguration") EndpointConfiguration endpointConfiguration,
        @JsonProperty("RequestConfiguration") RequestConfiguration requestConfiguration,
        @JsonProperty("BufferingHints") BufferingHints bufferingHints,
        @JsonProperty("RetryOptions") RetryOptions retryOptions,
        @JsonProperty("ProcessingConfiguration") ProcessingConfiguration processingConfiguration,
        @JsonProperty("S3BackupMode") HttpEndpointS3BackupMode s3BackupMode,
        @JsonProperty("S3Configuration") S3Configuration s3Configuration)
        implements DestinationConfiguration {

    static final String FIELD = "HttpEndpointDestinationConfiguration";

    /**
     * The endpoint; {@code AccessKeyEnvVar} (Brook's) names an environment variable holding the
     * access key, so the key need not be in the file.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndpointConfiguration(
            @JsonProperty("Url") String url,
            @JsonProperty("Name") String name,
            @JsonProperty("AccessKey") String accessKey,
            @JsonProperty("AccessKeyEnvVar") String accessKeyEnvVar) {}

    public record RequestConfiguration(
            @JsonProperty("ContentEncoding") HttpEndpointConfig.ContentEncoding contentEncoding,
            @JsonProperty("CommonAttributes") List<CommonAttribute> commonAttributes) {}

    public record CommonAttribute(
            @JsonProperty("AttributeName") String attributeName,
            @JsonProperty("AttributeValue") String attributeValue) {}

    /** Firehose's HttpEndpointS3BackupMode. */
    public enum HttpEndpointS3BackupMode {
        /** Only records that could not be delivered, under the error output prefix. */
        FailedDataOnly,
        /** Also every source record, as it came, under {@code S3Configuration.Prefix}. */
        AllData
    }

    HttpEndpointDestinationConfiguration withDefaults() {
        RequestConfiguration request =
                requestConfiguration == null
                        ? new RequestConfiguration(null, null)
                        : requestConfiguration;
        return new HttpEndpointDestinationConfiguration(
                endpointConfiguration,
                new RequestConfiguration(
                        request.contentEncoding() == null
                                ? HttpEndpointConfig.ContentEncoding.NONE
                                : request.contentEncoding(),
                        request.commonAttributes() == null
                                ? List.of()
                                : request.commonAttributes()),
                BufferingHints.orUnset(bufferingHints)
                        .withDefaults(
                                HttpEndpointConfig.DEFAULT_BUFFER_SIZE_MIB,
                                HttpEndpointConfig.DEFAULT_BUFFER_INTERVAL_SECONDS),
                retryOptions == null || retryOptions.durationInSeconds() == null
                        ? new RetryOptions(
                                (int) HttpEndpointConfig.DEFAULT_RETRY_DURATION.toSeconds())
                        : retryOptions,
                ProcessingConfiguration.withDefaults(processingConfiguration),
                s3BackupMode == null ? HttpEndpointS3BackupMode.FailedDataOnly : s3BackupMode,
                s3Configuration == null ? null : s3Configuration.withDefaults());
    }

    /**
     * The endpoint's config, the access key read from {@code AccessKeyEnvVar} when given.
     *
     * @throws IllegalArgumentException from the config's builder, naming the limit
     * @throws InvalidDefinitionException when the environment variable is not set
     */
    public HttpEndpointConfig toConfig(Map<String, String> environment) {
        return builder()
                .accessKey(
                        Secrets.resolve(
                                FIELD + ".EndpointConfiguration",
                                "AccessKey",
                                endpointConfiguration.accessKey(),
                                endpointConfiguration.accessKeyEnvVar(),
                                environment))
                .build();
    }

    /** Everything but the access key, which validation must not read from the environment. */
    HttpEndpointConfig.Builder builder() {
        HttpEndpointConfig.Builder b =
                HttpEndpointConfig.builder(endpointConfiguration.url())
                        .name(endpointConfiguration.name())
                        .contentEncoding(requestConfiguration.contentEncoding())
                        .bufferSizeMiB(bufferingHints.sizeInMBs())
                        .bufferIntervalSeconds(bufferingHints.intervalInSeconds())
                        .retryDuration(Duration.ofSeconds(retryOptions.durationInSeconds()));
        for (CommonAttribute a : requestConfiguration.commonAttributes()) {
            b.commonAttribute(a.attributeName(), a.attributeValue());
        }
        return b;
    }

    @Override
    public String fieldName() {
        return FIELD;
    }

    @Override
    public FileOutputs fileOutputs() {
        // FailedDataOnly: the error output alone, which every destination has.
        return s3Configuration.outputs(
                s3BackupMode == HttpEndpointS3BackupMode.AllData
                        ? S3BackupMode.Enabled
                        : S3BackupMode.Disabled);
    }

    @Override
    public String target() {
        return endpointConfiguration.url();
    }
}
