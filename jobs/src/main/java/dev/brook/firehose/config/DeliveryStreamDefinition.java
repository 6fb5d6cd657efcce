package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A delivery stream, as one YAML or JSON file with Firehose's field names: its name, its source (a
 * Brook stream, or Direct PUT) and its destination. Load it with {@link DeliveryStreamDefinitions},
 * which validates it and fills in the defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryStreamDefinition(
        @JsonProperty("DeliveryStreamName") String deliveryStreamName,
        @JsonProperty("DeliveryStreamType") DeliveryStreamType deliveryStreamType,
        @JsonProperty("KinesisStreamSourceConfiguration")
                StreamSourceConfiguration kinesisStreamSourceConfiguration,
        @JsonProperty("DirectPutSourceConfiguration")
                DirectPutSourceConfiguration directPutSourceConfiguration,
        @JsonProperty("ExtendedS3DestinationConfiguration")
                FileDestinationConfiguration extendedS3DestinationConfiguration,
        @JsonProperty("HttpEndpointDestinationConfiguration")
                HttpEndpointDestinationConfiguration httpEndpointDestinationConfiguration,
        @JsonProperty("JdbcDestinationConfiguration")
                JdbcDestinationConfiguration jdbcDestinationConfiguration) {

    /** Direct PUT's backing stream: {@code firehose-<name>}. */
    public static final String BACKING_STREAM_PREFIX = "firehose-";

    public static String backingStreamName(String deliveryStreamName) {
        return BACKING_STREAM_PREFIX + deliveryStreamName;
    }

    /** The Brook stream the delivery stream reads. */
    public String sourceStreamName() {
        return deliveryStreamType == DeliveryStreamType.DirectPut
                ? backingStreamName(deliveryStreamName)
                : kinesisStreamSourceConfiguration.streamName();
    }

    /** The store root the definition names, or null (then the command line's applies). */
    public String root() {
        return deliveryStreamType == DeliveryStreamType.DirectPut
                ? directPutSourceConfiguration.root()
                : kinesisStreamSourceConfiguration.root();
    }

    /** The definition with the source's root set (what {@code describe} shows). */
    public DeliveryStreamDefinition withRoot(String root) {
        if (deliveryStreamType == DeliveryStreamType.DirectPut) {
            return new DeliveryStreamDefinition(
                    deliveryStreamName,
                    deliveryStreamType,
                    null,
                    new DirectPutSourceConfiguration(
                            root, directPutSourceConfiguration.shardCount()),
                    extendedS3DestinationConfiguration,
                    httpEndpointDestinationConfiguration,
                    jdbcDestinationConfiguration);
        }
        StreamSourceConfiguration s = kinesisStreamSourceConfiguration;
        return new DeliveryStreamDefinition(
                deliveryStreamName,
                deliveryStreamType,
                new StreamSourceConfiguration(s.streamName(), root, s.startingPosition()),
                null,
                extendedS3DestinationConfiguration,
                httpEndpointDestinationConfiguration,
                jdbcDestinationConfiguration);
    }

    /** The file destination, or null when the definition has another. */
    public FileDestinationConfiguration fileDestination() {
        return extendedS3DestinationConfiguration;
    }

    /** The destination: exactly one of the three kinds (validation checks that). */
    public DestinationConfiguration destination() {
        return extendedS3DestinationConfiguration != null
                ? extendedS3DestinationConfiguration
                : httpEndpointDestinationConfiguration != null
                        ? httpEndpointDestinationConfiguration
                        : jdbcDestinationConfiguration;
    }

    /**
     * The definition as {@code describe} prints it: secrets given inline replaced by {@code ***}.
     */
    public DeliveryStreamDefinition withSecretsHidden() {
        HttpEndpointDestinationConfiguration h = httpEndpointDestinationConfiguration;
        if (h != null
                && h.endpointConfiguration() != null
                && h.endpointConfiguration().accessKey() != null) {
            HttpEndpointDestinationConfiguration.EndpointConfiguration e =
                    h.endpointConfiguration();
            h =
                    new HttpEndpointDestinationConfiguration(
                            new HttpEndpointDestinationConfiguration.EndpointConfiguration(
                                    e.url(), e.name(), HIDDEN, e.accessKeyEnvVar()),
                            h.requestConfiguration(),
                            h.bufferingHints(),
                            h.retryOptions(),
                            h.processingConfiguration(),
                            h.s3BackupMode(),
                            h.s3Configuration());
        }
        JdbcDestinationConfiguration j = jdbcDestinationConfiguration;
        if (j != null && j.password() != null) {
            j =
                    new JdbcDestinationConfiguration(
                            j.url(),
                            j.table(),
                            j.username(),
                            HIDDEN,
                            j.passwordEnvVar(),
                            j.columns(),
                            j.keyColumns(),
                            j.batchSize(),
                            j.bufferingHints(),
                            j.retryOptions(),
                            j.processingConfiguration(),
                            j.s3BackupMode(),
                            j.s3Configuration());
        }
        return new DeliveryStreamDefinition(
                deliveryStreamName,
                deliveryStreamType,
                kinesisStreamSourceConfiguration,
                directPutSourceConfiguration,
                extendedS3DestinationConfiguration,
                h,
                j);
    }

    private static final String HIDDEN = "***";

    /** The definition with every default filled in; call after the checks of required fields. */
    DeliveryStreamDefinition withDefaults() {
        DeliveryStreamType type =
                deliveryStreamType != null
                        ? deliveryStreamType
                        : kinesisStreamSourceConfiguration != null
                                ? DeliveryStreamType.KinesisStreamAsSource
                                : DeliveryStreamType.DirectPut;
        return new DeliveryStreamDefinition(
                deliveryStreamName,
                type,
                kinesisStreamSourceConfiguration == null
                        ? null
                        : kinesisStreamSourceConfiguration.withDefaults(),
                type == DeliveryStreamType.DirectPut
                        ? (directPutSourceConfiguration == null
                                        ? new DirectPutSourceConfiguration(null, null)
                                        : directPutSourceConfiguration)
                                .withDefaults()
                        : directPutSourceConfiguration,
                extendedS3DestinationConfiguration == null
                        ? null
                        : extendedS3DestinationConfiguration.withDefaults(),
                httpEndpointDestinationConfiguration == null
                        ? null
                        : httpEndpointDestinationConfiguration.withDefaults(),
                jdbcDestinationConfiguration == null
                        ? null
                        : jdbcDestinationConfiguration.withDefaults());
    }
}
