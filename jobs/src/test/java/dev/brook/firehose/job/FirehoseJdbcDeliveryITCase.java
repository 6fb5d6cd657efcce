package dev.brook.firehose.job;

import static dev.brook.testing.BrookAssertions.assertSameMultiset;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.config.DeliveryStreamDefinition;
import dev.brook.firehose.config.DeliveryStreamDefinitions;
import dev.brook.firehose.destination.EmbeddedPostgresServer;
import dev.brook.testing.BrookExtension;
import dev.brook.testing.FailingMap;
import dev.brook.testing.TestRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Brook stream loaded by the Firehose job, defined in YAML, into a table of a real PostgreSQL
 * server started by the test, with a task failure injected: the table holds exactly the good
 * records (upserted on the key column), and the records that cannot be rows are under the error
 * prefix as jdbc-failed, each once.
 */
class FirehoseJdbcDeliveryITCase {
    @RegisterExtension static final BrookExtension brook = BrookExtension.withMiniCluster(1, 2);

    private static EmbeddedPostgres postgres;

    @TempDir Path out;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void loadsEveryGoodRecordOnceAndUnmappableOnesUnderTheErrorPrefix() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE clicks (id text PRIMARY KEY, user_id bigint NOT NULL,"
                            + " page varchar(12))");
        }
        long seed = Long.getLong("brook.test.seed", new Random().nextLong());
        Random random = new Random(seed);
        brook.createStream("clicks", 3);
        List<TestRecord> input = new ArrayList<>();
        Map<String, String> expectedRows = new HashMap<>();
        List<String> unmappable = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            String id = "c" + i;
            long user = random.nextInt(1000);
            String data;
            switch (random.nextInt(30)) {
                case 0 -> data = "{\"id\":\"" + id + "\", not json";
                case 1 -> data = "{\"id\":\"" + id + "\",\"user_id\":\"u" + user + "\"}";
                case 2 -> data = "{\"id\":\"" + id + "\",\"user_id\":1,\"page\":\"/far/too/long\"}";
                default -> {
                    String page = "/p" + random.nextInt(100);
                    data =
                            "{\"Id\":\""
                                    + id
                                    + "\",\"USER_ID\":"
                                    + user
                                    + ",\"page\":\""
                                    + page
                                    + "\",\"other\":1}";
                    expectedRows.put(id, user + "," + page);
                }
            }
            if (!expectedRows.containsKey(id)) {
                unmappable.add(data);
            }
            input.add(TestRecord.of(id, data));
        }
        brook.putAll("clicks", input);

        DeliveryStreamDefinition definition =
                DeliveryStreamDefinitions.parse(
                        String.join(
                                "\n",
                                "DeliveryStreamName: clicks-to-postgres",
                                "KinesisStreamSourceConfiguration: {StreamName: clicks}",
                                "JdbcDestinationConfiguration:",
                                "  Url: '" + postgres.getJdbcUrl("postgres", "postgres") + "'",
                                "  Table: clicks",
                                "  Username: postgres",
                                "  PasswordEnvVar: PG_PASSWORD",
                                "  KeyColumns: [id]",
                                "  BatchSize: 200",
                                "  BufferingHints: {IntervalInSeconds: 0}",
                                "  S3Configuration:",
                                "    Path: " + out.toUri(),
                                "    ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/'"));
        FailingMap<FirehoseRecord> failures = FailingMap.failAfter(900, 1);
        StreamExecutionEnvironment env = brook.env();
        env.enableCheckpointing(100);
        env.setParallelism(2);
        FirehoseJob job =
                FirehoseJob.builder(definition)
                        .root(brook.root())
                        .bounded(true)
                        .afterSource(failures)
                        .environment(Map.of("PG_PASSWORD", "not-checked-by-a-trust-server"))
                        .build();
        job.addTo(env);
        env.execute(job.jobName());

        assertThat(failures.failuresInjected()).isEqualTo(1);
        Map<String, String> rows = new HashMap<>();
        int count = 0;
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, user_id, page FROM clicks")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2) + "," + rs.getString(3));
                count++;
            }
        }
        assertThat(count).as("rows, one per key (seed %s)", seed).isEqualTo(expectedRows.size());
        assertThat(rows).as("seed %s", seed).isEqualTo(expectedRows);

        List<ErrorOutputLines> errors =
                ErrorOutputLines.under(DeliveredFiles.under(out), "errors/");
        for (ErrorOutputLines e : errors) {
            assertThat(e.prefix()).isEqualTo("errors/jdbc-failed");
            assertThat(e.errorCode()).startsWith("Jdbc.");
            assertThat(e.errorMessage()).isNotBlank();
        }
        assertSameMultiset(unmappable, errors.stream().map(ErrorOutputLines::rawData).toList());
        assertThat(DeliveredFiles.under(out).notStartingWith("errors/")).isEmpty();
    }
}
