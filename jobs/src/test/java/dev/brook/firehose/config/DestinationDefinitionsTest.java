package dev.brook.firehose.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.firehose.destination.HttpEndpointConfig;
import dev.brook.firehose.destination.JdbcConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP endpoint and JDBC destinations in a definition: fields, defaults, rules. */
class DestinationDefinitionsTest {

    static String http(String... lines) {
        return definition("HttpEndpointDestinationConfiguration", lines);
    }

    static String jdbc(String... lines) {
        return definition("JdbcDestinationConfiguration", lines);
    }

    private static String definition(String field, String... lines) {
        StringBuilder sb =
                new StringBuilder(
                        "DeliveryStreamName: clicks\nKinesisStreamSourceConfiguration: {StreamName: s}\n"
                                + field
                                + ":\n");
        for (String l : lines) {
            sb.append("  ").append(l).append('\n');
        }
        return sb.toString();
    }

    @Test
    void httpEndpointFieldsMapOntoTheEndpointsConfig() {
        DeliveryStreamDefinition d =
                DeliveryStreamDefinitions.parse(
                        http(
                                "EndpointConfiguration: {Url: 'https://c.example.com/in', Name: collector, AccessKeyEnvVar: KEY}",
                                "RequestConfiguration:",
                                "  ContentEncoding: GZIP",
                                "  CommonAttributes: [{AttributeName: env, AttributeValue: prod}]",
                                "BufferingHints: {SizeInMBs: 2, IntervalInSeconds: 10}",
                                "RetryOptions: {DurationInSeconds: 30}",
                                "S3BackupMode: AllData",
                                "S3Configuration: {Path: /errors, Prefix: backup/, CompressionFormat: GZIP}"));
        HttpEndpointDestinationConfiguration h = d.httpEndpointDestinationConfiguration();
        assertThat(d.destination()).isSameAs(h);
        HttpEndpointConfig c = h.toConfig(Map.of("KEY", "from-env"));
        assertThat(c.url().toString()).isEqualTo("https://c.example.com/in");
        assertThat(c.name()).isEqualTo("collector");
        assertThat(c.accessKey()).isEqualTo("from-env");
        assertThat(c.contentEncoding()).isEqualTo(HttpEndpointConfig.ContentEncoding.GZIP);
        assertThat(c.commonAttributes()).containsExactly(Map.entry("env", "prod"));
        assertThat(c.bufferSizeMiB()).isEqualTo(2);
        assertThat(c.bufferIntervalSeconds()).isEqualTo(10);
        assertThat(c.retryDuration()).isEqualTo(Duration.ofSeconds(30));
        FileOutputs out = h.fileOutputs();
        assertThat(out.path()).isEqualTo("/errors");
        assertThat(out.backupMode()).isEqualTo(S3BackupMode.Enabled);
        assertThat(out.backup().prefix()).isEqualTo("backup/");
        assertThat(out.prefixes().error().expression())
                .isEqualTo("backup/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH/}");
        assertThat(h.bufferingIntervalSeconds()).isEqualTo(10);
    }

    @Test
    void httpEndpointDefaultsAreFirehoses() {
        HttpEndpointDestinationConfiguration h =
                DeliveryStreamDefinitions.parse(
                                http(
                                        "EndpointConfiguration: {Url: 'http://localhost:8080/'}",
                                        "S3Configuration: {Path: /errors}"))
                        .httpEndpointDestinationConfiguration();
        HttpEndpointConfig c = h.toConfig(Map.of());
        assertThat(c.bufferSizeMiB()).isEqualTo(5);
        assertThat(c.bufferIntervalSeconds()).isEqualTo(60);
        assertThat(c.retryDuration()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.accessKey()).isNull();
        assertThat(h.s3BackupMode())
                .isEqualTo(
                        HttpEndpointDestinationConfiguration.HttpEndpointS3BackupMode
                                .FailedDataOnly);
        assertThat(h.fileOutputs().backupMode()).isEqualTo(S3BackupMode.Disabled);
    }

    @Test
    void jdbcFieldsMapOntoTheTablesConfigWithThePasswordFromTheEnvironment() {
        JdbcDestinationConfiguration j =
                DeliveryStreamDefinitions.parse(
                                jdbc(
                                        "Url: 'jdbc:postgresql://db:5432/analytics'",
                                        "Table: public.clicks",
                                        "Username: firehose",
                                        "PasswordEnvVar: DB_PASSWORD",
                                        "KeyColumns: [id]",
                                        "BatchSize: 500",
                                        "BufferingHints: {IntervalInSeconds: 2}",
                                        "RetryOptions: {MaxRetries: 5}",
                                        "S3BackupMode: Enabled",
                                        "S3Configuration: {Path: /errors}"))
                        .jdbcDestinationConfiguration();
        JdbcConfig c = j.toConfig(Map.of("DB_PASSWORD", "s3cret"));
        assertThat(c.url()).isEqualTo("jdbc:postgresql://db:5432/analytics");
        assertThat(c.table()).isEqualTo("public.clicks");
        assertThat(c.user()).isEqualTo("firehose");
        assertThat(c.password()).isEqualTo("s3cret");
        assertThat(c.keyColumns()).containsExactly("id");
        assertThat(c.columns()).isEmpty();
        assertThat(c.batchSize()).isEqualTo(500);
        assertThat(c.batchInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.maxRetries()).isEqualTo(5);
        assertThat(j.fileOutputs().backupMode()).isEqualTo(S3BackupMode.Enabled);
        assertThatThrownBy(() -> j.toConfig(Map.of()))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage(
                        "JdbcDestinationConfiguration.PasswordEnvVar: the environment variable"
                                + " DB_PASSWORD is not set");
    }

    @Test
    void jdbcDefaultsAreTheConnectorConfigs() {
        JdbcConfig c =
                DeliveryStreamDefinitions.parse(
                                jdbc(
                                        "Url: 'jdbc:postgresql://db/a'",
                                        "Table: t",
                                        "Password: inline",
                                        "S3Configuration: {Path: /errors}"))
                        .jdbcDestinationConfiguration()
                        .toConfig(Map.of());
        assertThat(c.password()).isEqualTo("inline");
        assertThat(c.batchSize()).isEqualTo(JdbcConfig.DEFAULT_BATCH_SIZE);
        assertThat(c.batchInterval()).isEqualTo(JdbcConfig.DEFAULT_BATCH_INTERVAL);
        assertThat(c.maxRetries()).isEqualTo(JdbcConfig.DEFAULT_MAX_RETRIES);
    }

    @Test
    void describeHidesInlineSecrets() {
        DeliveryStreamDefinition d =
                DeliveryStreamDefinitions.parse(
                        jdbc(
                                "Url: 'jdbc:postgresql://db/a'",
                                "Table: t",
                                "Password: inline-secret",
                                "S3Configuration: {Path: /errors}"));
        String json = DeliveryStreamDefinitions.toJson(d.withSecretsHidden());
        assertThat(json).doesNotContain("inline-secret").contains("\"Password\" : \"***\"");
        assertThat(DeliveryStreamDefinitions.parse(json).jdbcDestinationConfiguration().table())
                .isEqualTo("t");
    }

    static List<Arguments> rules() {
        String url = "EndpointConfiguration: {Url: 'https://c.example.com/'}";
        String s3 = "S3Configuration: {Path: /errors}";
        String db = "Url: 'jdbc:postgresql://db/a'";
        return List.of(
                Arguments.of(
                        "two destinations",
                        http(url, s3) + "ExtendedS3DestinationConfiguration: {Path: /o}\n",
                        "ExtendedS3DestinationConfiguration, HttpEndpointDestinationConfiguration:"
                                + " give exactly one destination; the limit is one per delivery"
                                + " stream"),
                Arguments.of(
                        "no url",
                        http(s3),
                        "HttpEndpointDestinationConfiguration.EndpointConfiguration.Url: required"),
                Arguments.of(
                        "no error path",
                        http(url),
                        "HttpEndpointDestinationConfiguration.S3Configuration.Path: required"),
                Arguments.of(
                        "ftp url",
                        http("EndpointConfiguration: {Url: 'ftp://c/'}", s3),
                        "HttpEndpointDestinationConfiguration.EndpointConfiguration.Url: HTTP"
                                + " endpoint URL must start with https:// or http://, got ftp://c/"),
                Arguments.of(
                        "http size",
                        http(url, s3, "BufferingHints: {SizeInMBs: 65}"),
                        "HttpEndpointDestinationConfiguration.BufferingHints.SizeInMBs: HTTP"
                                + " endpoint buffer size must be 1 to 64 MiB, got 65"),
                Arguments.of(
                        "http interval",
                        http(url, s3, "BufferingHints: {IntervalInSeconds: 901}"),
                        "HttpEndpointDestinationConfiguration.BufferingHints.IntervalInSeconds:"
                                + " HTTP endpoint buffer interval must be 0 to 900 seconds, got 901"),
                Arguments.of(
                        "http retry",
                        http(url, s3, "RetryOptions: {DurationInSeconds: 7201}"),
                        "HttpEndpointDestinationConfiguration.RetryOptions.DurationInSeconds: HTTP"
                                + " endpoint retry duration must be 0 to 7200 seconds"),
                Arguments.of(
                        "both key forms",
                        http(
                                "EndpointConfiguration: {Url: 'https://c/', AccessKey: k, AccessKeyEnvVar: K}",
                                s3),
                        "HttpEndpointDestinationConfiguration.EndpointConfiguration.AccessKey: give"
                                + " either AccessKey or AccessKeyEnvVar, not both"),
                Arguments.of(
                        "backup mode",
                        http(url, s3, "S3BackupMode: Enabled"),
                        "HttpEndpointDestinationConfiguration.S3BackupMode (line 6, column 17): 'Enabled' is not one of FailedDataOnly, AllData"),
                Arguments.of(
                        "error prefix",
                        http(url, "S3Configuration: {Path: /e, Prefix: 'y=!{timestamp:yyyy}/'}"),
                        "HttpEndpointDestinationConfiguration.S3Configuration: ErrorOutputPrefix"
                                + " can't be null when Prefix contains expressions"),
                Arguments.of(
                        "error path scheme",
                        http(url, "S3Configuration: {Path: 'ftp://x/e'}"),
                        "HttpEndpointDestinationConfiguration.S3Configuration.Path: 'ftp://x/e':"
                                + " scheme 'ftp' is not a filesystem"),
                Arguments.of(
                        "http processors",
                        http(url, s3, "ProcessingConfiguration: {Processors: [{Type: Teleport}]}"),
                        "HttpEndpointDestinationConfiguration.ProcessingConfiguration.Processors: "),
                Arguments.of(
                        "jdbc url",
                        jdbc("Url: 'jdbc:mysql://db/a'", "Table: t", s3),
                        "JdbcDestinationConfiguration.Url: JDBC destination URL must start with"
                                + " jdbc:postgresql:, got jdbc:mysql://db/a"),
                Arguments.of(
                        "jdbc table",
                        jdbc(db, "Table: 'a b'", s3),
                        "JdbcDestinationConfiguration.Table: JDBC destination table must be a table"
                                + " name"),
                Arguments.of(
                        "jdbc required",
                        jdbc("BatchSize: 1"),
                        "JdbcDestinationConfiguration.Url: required"),
                Arguments.of(
                        "jdbc batch",
                        jdbc(db, "Table: t", s3, "BatchSize: 100001"),
                        "JdbcDestinationConfiguration.BatchSize: JDBC destination batch size must"
                                + " be 1 to 100000, got 100001"),
                Arguments.of(
                        "jdbc keys",
                        jdbc(db, "Table: t", s3, "Columns: [a]", "KeyColumns: [b]"),
                        "JdbcDestinationConfiguration.KeyColumns: JDBC destination key column b is"
                                + " not among the columns [a]"),
                Arguments.of(
                        "jdbc size",
                        jdbc(db, "Table: t", s3, "BufferingHints: {SizeInMBs: 5}"),
                        "JdbcDestinationConfiguration.BufferingHints.SizeInMBs: not used by the"
                                + " JDBC destination"),
                Arguments.of(
                        "jdbc interval",
                        jdbc(db, "Table: t", s3, "BufferingHints: {IntervalInSeconds: 901}"),
                        "JdbcDestinationConfiguration.BufferingHints.IntervalInSeconds: 901 is out"
                                + " of range: it must be 0 to 900"),
                Arguments.of(
                        "jdbc retries",
                        jdbc(db, "Table: t", s3, "RetryOptions: {MaxRetries: 101}"),
                        "JdbcDestinationConfiguration.RetryOptions.MaxRetries: JDBC destination"
                                + " retries must be 0 to 100, got 101"),
                Arguments.of(
                        "jdbc env var name",
                        jdbc(db, "Table: t", s3, "PasswordEnvVar: 'not a name'"),
                        "JdbcDestinationConfiguration.PasswordEnvVar: 'not a name' is not an"
                                + " environment variable name"),
                Arguments.of(
                        "jdbc retry duration",
                        jdbc(db, "Table: t", s3, "RetryOptions: {DurationInSeconds: 5}"),
                        "unknown field 'DurationInSeconds' in"
                                + " JdbcDestinationConfiguration.RetryOptions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rejectsNamingTheFieldAndTheLimit(String name, String definition, String message) {
        assertThatThrownBy(() -> DeliveryStreamDefinitions.parse(definition))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining(message);
    }

    @Test
    void everyProblemShowsAtOnce() {
        assertThatThrownBy(
                        () ->
                                DeliveryStreamDefinitions.parse(
                                        http(
                                                "EndpointConfiguration: {Url: 'https://c/'}",
                                                "S3Configuration: {Path: /e}",
                                                "BufferingHints: {SizeInMBs: 65, IntervalInSeconds: 901}")))
                .isInstanceOfSatisfying(
                        InvalidDefinitionException.class, e -> assertThat(e.problems()).hasSize(2));
    }
}
