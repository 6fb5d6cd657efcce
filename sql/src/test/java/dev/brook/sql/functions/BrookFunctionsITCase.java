package dev.brook.sql.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The functions registered from SQL ({@code CREATE ... FUNCTION ... AS 'class'}) and called on
 * tables made in SQL: the examples of the README section, run as written there.
 */
class BrookFunctionsITCase {
    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = ItSupport.miniCluster();

    private static TableEnvironment sqlOnly() {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set("parallelism.default", "2");
        for (String statement : BrookFunctions.createStatements().split(";\n")) {
            tEnv.executeSql(statement);
        }
        return tEnv;
    }

    @Test
    void createStatementsRegisterEveryFunction() {
        assertThat(BrookFunctions.createStatements())
                .isEqualTo(
                        "CREATE TEMPORARY SYSTEM FUNCTION RANDOM_CUT_FOREST AS"
                                + " 'dev.brook.sql.functions.rcf.RandomCutForestFunction';\n"
                                + "CREATE TEMPORARY SYSTEM FUNCTION RANDOM_CUT_FOREST_WITH_EXPLANATION AS"
                                + " 'dev.brook.sql.functions.rcf.RandomCutForestWithExplanationFunction';\n"
                                + "CREATE TEMPORARY SYSTEM FUNCTION HOTSPOTS AS"
                                + " 'dev.brook.sql.functions.hotspots.HotspotsFunction';\n"
                                + "CREATE TEMPORARY SYSTEM FUNCTION STAGGER_WINDOW AS"
                                + " 'dev.brook.sql.functions.stagger.StaggerWindowFunction';\n");
        TableEnvironment tEnv = sqlOnly();
        assertThat(List.of(tEnv.listFunctions()))
                .contains(
                        "random_cut_forest",
                        "random_cut_forest_with_explanation",
                        "hotspots",
                        "stagger_window");
    }

    @Test
    void readmeRandomCutForestExampleRanksTheSpikesFirst() throws Exception {
        TableEnvironment tEnv = sqlOnly();
        tEnv.executeSql(
                "CREATE TABLE readings ("
                        + " seq BIGINT,"
                        + " sensor AS CONCAT('sensor-', CAST(MOD(seq, 2) AS STRING)),"
                        + " ts AS TO_TIMESTAMP_LTZ(1704067200000 + seq * 1000, 3),"
                        + " temperature AS 20 + 5 * SIN(seq / 20.0) + 0.3 * SIN(seq * 12.9898)"
                        + "   + CASE WHEN seq IN (800, 901, 1800, 1901) THEN 15 ELSE 0 END"
                        + ") WITH ("
                        + " 'connector' = 'datagen', 'number-of-rows' = '2000',"
                        + " 'fields.seq.kind' = 'sequence', 'fields.seq.start' = '0',"
                        + " 'fields.seq.end' = '1999')");
        // seq is numeric too: a view keeps the forest on temperature alone.
        tEnv.executeSql(
                "CREATE TEMPORARY VIEW temperatures AS"
                        + " SELECT sensor, ts, temperature FROM readings");
        List<Row> rows =
                ItSupport.collect(
                        tEnv.executeSql(
                                "SELECT sensor, ts, temperature, ANOMALY_SCORE"
                                        + " FROM RANDOM_CUT_FOREST("
                                        + "   input => TABLE temperatures PARTITION BY sensor,"
                                        + "   numberOfTrees => 50)"));
        assertThat(rows).hasSize(2000);
        rows.sort(Comparator.comparingDouble(r -> -(Double) r.getField(3)));
        List<Long> top = new ArrayList<>();
        for (Row row : rows.subList(0, 4)) {
            top.add((((Instant) row.getField(1)).toEpochMilli() - 1704067200000L) / 1000);
        }
        assertThat(top).containsExactlyInAnyOrder(800L, 901L, 1800L, 1901L);
    }

    @Test
    void readmeExplanationExampleNamesTheColumn() throws Exception {
        TableEnvironment tEnv = sqlOnly();
        tEnv.executeSql(
                "CREATE TEMPORARY VIEW vitals AS SELECT * FROM (VALUES"
                        + valuesOfVitals()
                        + ") AS t(patient, systolic, diastolic)");
        List<Row> rows =
                ItSupport.collect(
                        tEnv.executeSql(
                                "SELECT patient, systolic, diastolic, ANOMALY_SCORE, ANOMALY_EXPLANATION"
                                        + " FROM RANDOM_CUT_FOREST_WITH_EXPLANATION("
                                        + "   input => TABLE vitals PARTITION BY patient,"
                                        + "   numberOfTrees => 50, subSampleSize => 64,"
                                        + "   withDirectionality => TRUE)"));
        Row last = rows.get(rows.size() - 1);
        assertThat(last.getField(1)).isEqualTo(190);
        JsonNode explanation = new ObjectMapper().readTree((String) last.getField(4));
        assertThat(explanation.get("systolic").get("DIRECTION").asText()).isEqualTo("HIGH");
        assertThat(explanation.get("systolic").get("ATTRIBUTION_SCORE").asDouble())
                .isGreaterThan(explanation.get("diastolic").get("ATTRIBUTION_SCORE").asDouble());
    }

    /** 200 ordinary readings (plain VALUES, in order with parallelism 1), then a systolic spike. */
    private static String valuesOfVitals() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            values.append(String.format(" ('p1', %d, %d),", 115 + i % 11, 75 + i % 7));
        }
        return values.append(" ('p1', 190, 78)").toString();
    }

    @Test
    void readmeHotspotsExampleFindsTheBusySquare() throws Exception {
        TableEnvironment tEnv = sqlOnly();
        tEnv.executeSql(
                "CREATE TABLE rides (seq BIGINT, rx DOUBLE, ry DOUBLE) WITH ("
                        + " 'connector' = 'datagen', 'number-of-rows' = '3000',"
                        + " 'fields.seq.kind' = 'sequence', 'fields.seq.start' = '1',"
                        + " 'fields.seq.end' = '3000',"
                        + " 'fields.rx.min' = '0', 'fields.rx.max' = '10',"
                        + " 'fields.ry.min' = '0', 'fields.ry.max' = '10')");
        // Every fifth pickup in the square [3, 3.25] x [7, 7.25], the others anywhere; x and y
        // only (seq is numeric too).
        tEnv.executeSql(
                "CREATE TEMPORARY VIEW pickups AS SELECT"
                        + " CASE WHEN MOD(seq, 5) = 0 THEN 3 + rx / 40 ELSE rx END AS x,"
                        + " CASE WHEN MOD(seq, 5) = 0 THEN 7 + ry / 40 ELSE ry END AS y"
                        + " FROM rides");
        List<Row> rows =
                ItSupport.collect(
                        tEnv.executeSql(
                                "SELECT x, y, HOTSPOTS_RESULT FROM HOTSPOTS("
                                        + "   input => TABLE pickups,"
                                        + "   windowSize => 1000, scanRadius => 0.2,"
                                        + "   minimumNumberOfPointsInAHotspot => 17)"));
        assertThat(rows).hasSize(3000);
        JsonNode hotspots =
                new ObjectMapper()
                        .readTree((String) rows.get(rows.size() - 1).getField(2))
                        .get("hotspots");
        assertThat(hotspots).hasSize(1);
        JsonNode h = hotspots.get(0);
        // The square, give or take two scan radii (noise points next to it can be core points, and
        // noise next to those border points).
        assertThat(h.get("minValues").get(0).asDouble()).isBetween(2.6, 3.05);
        assertThat(h.get("maxValues").get(0).asDouble()).isBetween(3.2, 3.65);
        assertThat(h.get("minValues").get(1).asDouble()).isBetween(6.6, 7.05);
        assertThat(h.get("maxValues").get(1).asDouble()).isBetween(7.2, 7.65);
        assertThat(h.get("numberOfPoints").asInt()).isBetween(200, 230);
        assertThat(h.get("density").asDouble()).isGreaterThan(20);
    }

    @Test
    void readmeStaggerExampleWithATimestampColumnAndACatalogFunction() throws Exception {
        TableEnvironment tEnv = sqlOnly();
        // A catalog function works as well as the temporary system ones; names are
        // case-insensitive.
        tEnv.executeSql(
                "CREATE FUNCTION stagger AS 'dev.brook.sql.functions.stagger.StaggerWindowFunction'");
        tEnv.executeSql(
                "CREATE TABLE clicks ("
                        + " seq INT,"
                        + " user_id AS CONCAT('user-', CAST(MOD(seq, 3) AS STRING)),"
                        + " ts AS TIMESTAMP '2024-01-01 00:00:00'"
                        + "   + INTERVAL '7' SECOND * seq"
                        + "   + CASE WHEN seq >= 60 THEN INTERVAL '5' MINUTE ELSE INTERVAL '0' SECOND END,"
                        + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND"
                        + ") WITH ("
                        + " 'connector' = 'datagen', 'number-of-rows' = '90',"
                        + " 'fields.seq.kind' = 'sequence', 'fields.seq.start' = '0',"
                        + " 'fields.seq.end' = '89')");
        List<Row> rows =
                ItSupport.collect(
                        tEnv.executeSql(
                                "SELECT user_id, window_start, window_end, row_count, seq_sum"
                                        + " FROM STAGGER(input => TABLE clicks PARTITION BY user_id,"
                                        + "   on_time => DESCRIPTOR(ts), window_size => INTERVAL '1' MINUTE)"));
        List<String> actual = new ArrayList<>();
        for (Row row : rows) {
            assertThat(row.getField(1)).isInstanceOf(LocalDateTime.class);
            actual.add(
                    row.getField(0)
                            + " "
                            + row.getField(1)
                            + " "
                            + row.getField(2)
                            + " "
                            + row.getField(3)
                            + " "
                            + row.getField(4));
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expectedClickWindows());
    }

    /** The windows of the clicks table, computed here from the same definition. */
    private static List<String> expectedClickWindows() {
        LocalDateTime base = LocalDateTime.of(2024, 1, 1, 0, 0);
        Map<String, List<long[]>> byUser = new TreeMap<>();
        for (int seq = 0; seq < 90; seq++) {
            long seconds = 7L * seq + (seq >= 60 ? 300 : 0);
            byUser.computeIfAbsent("user-" + seq % 3, u -> new ArrayList<>())
                    .add(new long[] {seconds, seq});
        }
        List<String> windows = new ArrayList<>();
        byUser.forEach(
                (user, clicks) -> {
                    int i = 0;
                    while (i < clicks.size()) {
                        long start = clicks.get(i)[0];
                        long count = 0;
                        long sum = 0;
                        while (i < clicks.size() && clicks.get(i)[0] < start + 60) {
                            count++;
                            sum += clicks.get(i++)[1];
                        }
                        windows.add(
                                user
                                        + " "
                                        + base.plusSeconds(start)
                                        + " "
                                        + base.plusSeconds(start + 60)
                                        + " "
                                        + count
                                        + " "
                                        + sum);
                    }
                });
        return windows;
    }

    @Test
    void badArgumentsFailTheStatementNamingTheParameter() {
        TableEnvironment tEnv = sqlOnly();
        tEnv.executeSql(
                "CREATE TEMPORARY VIEW t AS SELECT * FROM (VALUES ('a', 1.5, 'x')) AS v(k, n, s)");
        tEnv.executeSql(
                "CREATE TEMPORARY VIEW words AS SELECT * FROM (VALUES ('a', 'x')) AS v(k, s)");
        assertThatThrownBy(
                        () ->
                                tEnv.executeSql(
                                        "SELECT * FROM RANDOM_CUT_FOREST(input => TABLE t, numberOfTrees => 0)"))
                .hasStackTraceContaining(
                        "RANDOM_CUT_FOREST parameter numberOfTrees must be a whole number between 1 and 1000, was 0");
        assertThatThrownBy(
                        () ->
                                tEnv.executeSql(
                                        "SELECT * FROM HOTSPOTS(input => TABLE t, windowSize => 100,"
                                                + " scanRadius => -1, minimumNumberOfPointsInAHotspot => 5)"))
                .hasStackTraceContaining(
                        "HOTSPOTS parameter scanRadius must be a positive number, was -1");
        assertThatThrownBy(
                        () ->
                                tEnv.executeSql(
                                        "SELECT * FROM HOTSPOTS(input => TABLE t, windowSize => 100,"
                                                + " scanRadius => 1, minimumNumberOfPointsInAHotspot => 500)"))
                .hasStackTraceContaining(
                        "minimumNumberOfPointsInAHotspot must be a whole number between 2 and 100, was 500");
        assertThatThrownBy(
                        () ->
                                tEnv.executeSql(
                                        "SELECT * FROM RANDOM_CUT_FOREST(input => TABLE words PARTITION BY k)"))
                .hasStackTraceContaining("RANDOM_CUT_FOREST needs at least one numeric column");
        assertThatThrownBy(
                        () ->
                                tEnv.executeSql(
                                        "SELECT * FROM STAGGER_WINDOW(input => TABLE t PARTITION BY k, window_size => INTERVAL '1' MINUTE)"))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("requires a time attribute");
    }
}
