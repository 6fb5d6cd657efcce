package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.brook.firehose.destination.JdbcConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Delivery into a PostgreSQL table, Brook's analogue of Firehose's
 * RedshiftDestinationConfiguration: JSON records become rows ({@code COPY ... JSON 'auto'} style),
 * upserted on {@code KeyColumns}. {@code BufferingHints.IntervalInSeconds} is how long a partial
 * batch of {@code BatchSize} rows waits; failed records go under {@code
 * S3Configuration.ErrorOutputPrefix}, backups (S3BackupMode as for files) under {@code
 * S3Configuration.Prefix}. {@link #toConfig} maps it onto the destination's own {@link JdbcConfig},
 * whose builder holds the limits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JdbcDestinationConfiguration(
        @JsonProperty("Url") String url,
        @JsonProperty("Table") String table,
        @JsonProperty("Username") String username,
        @JsonProperty("Password") String password,
        @JsonProperty("PasswordEnvVar") String passwordEnvVar,
        @JsonProperty("Columns") List<String> columns,
        @JsonProperty("KeyColumns") List<String> keyColumns,
        @JsonProperty("BatchSize") Integer batchSize,
        @JsonProperty("BufferingHints") BufferingHints bufferingHints,
        @JsonProperty("RetryOptions") JdbcRetryOptions retryOptions,
        @JsonProperty("ProcessingConfiguration") ProcessingConfiguration processingConfiguration,
        @JsonProperty("S3BackupMode") S3BackupMode s3BackupMode,
        @JsonProperty("S3Configuration") S3Configuration s3Configuration)
        implements DestinationConfiguration {

    static final String FIELD = "JdbcDestinationConfiguration";

    /**
     * How often a batch the database rejected is tried again before the job fails (Flink's JDBC
     * sink counts retries, not a duration).
     */
    public record JdbcRetryOptions(@JsonProperty("MaxRetries") Integer maxRetries) {}

    JdbcDestinationConfiguration withDefaults() {
        return new JdbcDestinationConfiguration(
                url,
                table,
                username,
                password,
                passwordEnvVar,
                columns == null ? List.of() : columns,
                keyColumns == null ? List.of() : keyColumns,
                batchSize == null ? JdbcConfig.DEFAULT_BATCH_SIZE : batchSize,
                BufferingHints.orUnset(bufferingHints)
                        .withDefaults(null, (int) JdbcConfig.DEFAULT_BATCH_INTERVAL.toSeconds()),
                retryOptions == null || retryOptions.maxRetries() == null
                        ? new JdbcRetryOptions(JdbcConfig.DEFAULT_MAX_RETRIES)
                        : retryOptions,
                ProcessingConfiguration.withDefaults(processingConfiguration),
                s3BackupMode == null ? S3BackupMode.Disabled : s3BackupMode,
                s3Configuration == null ? null : s3Configuration.withDefaults());
    }

    /**
     * The table's config, the password read from {@code PasswordEnvVar} when given.
     *
     * @throws IllegalArgumentException from the config's builder, naming the limit
     * @throws InvalidDefinitionException when the environment variable is not set
     */
    public JdbcConfig toConfig(Map<String, String> environment) {
        return builder()
                .password(Secrets.resolve(FIELD, "Password", password, passwordEnvVar, environment))
                .build();
    }

    /** Everything but the password, which validation must not read from the environment. */
    JdbcConfig.Builder builder() {
        return JdbcConfig.builder(url, table)
                .user(username)
                .columns(columns)
                .keyColumns(keyColumns)
                .batchSize(batchSize)
                .batchInterval(Duration.ofSeconds(bufferingHints.intervalInSeconds()))
                .maxRetries(retryOptions.maxRetries());
    }

    @Override
    public String fieldName() {
        return FIELD;
    }

    @Override
    public FileOutputs fileOutputs() {
        return s3Configuration.outputs(s3BackupMode);
    }

    @Override
    public String target() {
        return table + " at " + url;
    }
}
