package dev.brook.firehose.config;

/**
 * A delivery stream's destination: files, an HTTP endpoint or a JDBC table. Whatever the
 * destination, records go through its processors, and failed records (and backups) go to files.
 */
public sealed interface DestinationConfiguration
        permits FileDestinationConfiguration,
                HttpEndpointDestinationConfiguration,
                JdbcDestinationConfiguration {

    /**
     * The destination's field in the definition, e.g. {@code ExtendedS3DestinationConfiguration}.
     */
    String fieldName();

    ProcessingConfiguration processingConfiguration();

    BufferingHints bufferingHints();

    /** How long the destination may buffer records, in seconds (its IntervalInSeconds). */
    default int bufferingIntervalSeconds() {
        return bufferingHints().intervalInSeconds();
    }

    /** Where failed records and backups go. */
    FileOutputs fileOutputs();

    /** Where records are delivered, for messages (a path, a URL, a table). */
    String target();
}
