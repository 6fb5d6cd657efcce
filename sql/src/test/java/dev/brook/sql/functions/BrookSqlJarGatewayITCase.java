package dev.brook.sql.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.table.StockSqlGateway;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brook-sql-*-sql.jar} in a stock Flink SQL gateway ({@link StockSqlGateway}: Flink's jars
 * plus this one jar, no Brook classes and no Random Cut Forest otherwise): {@code LOAD MODULE
 * brook} makes STAGGER_WINDOW, RANDOM_CUT_FOREST and HOTSPOTS callable, and they give the README's
 * results. The jar is built by {@code mvn package}, which runs before the ITCases.
 */
class BrookSqlJarGatewayITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    void loadModuleBrookMakesTheFunctionsCallable() throws Exception {
        try (StockSqlGateway gateway =
                StockSqlGateway.start(
                        dir,
                        MINI_CLUSTER.getClientConfiguration(),
                        List.of(StockSqlGateway.jarInTarget("brook-sql-.*-sql\\.jar")),
                        "/randomcutforest")) {
            String s = gateway.openSession(Map.of("table.dml-sync", "true"));
            gateway.run(s, "LOAD MODULE brook");
            assertThat(gateway.run(s, "SHOW MODULES"))
                    .containsExactly(List.of("core"), List.of("brook"));

            // STAGGER_WINDOW: the README's three users, 33 windows over the 90 clicks.
            gateway.run(
                    s,
                    "CREATE TABLE clicks (seq INT, user_id AS CONCAT('user-', CAST(MOD(seq, 3) AS"
                            + " STRING)), ts AS TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '7'"
                            + " SECOND * seq + CASE WHEN seq >= 60 THEN INTERVAL '5' MINUTE ELSE"
                            + " INTERVAL '0' SECOND END, WATERMARK FOR ts AS ts - INTERVAL '5'"
                            + " SECOND) WITH ('connector' = 'datagen', 'number-of-rows' = '90',"
                            + " 'fields.seq.kind' = 'sequence', 'fields.seq.start' = '0',"
                            + " 'fields.seq.end' = '89')");
            List<List<Object>> windows =
                    gateway.run(
                            s,
                            "SELECT user_id, row_count FROM stagger_window(input => TABLE clicks"
                                    + " PARTITION BY user_id, on_time => DESCRIPTOR(ts),"
                                    + " window_size => INTERVAL '1' MINUTE)");
            assertThat(windows).hasSize(33);
            assertThat(windows.stream().mapToLong(w -> (Long) w.get(1)).sum()).isEqualTo(90);

            // RANDOM_CUT_FOREST: the README's two sensors; exactly the four spikes stand out.
            gateway.run(
                    s,
                    "CREATE TABLE readings (seq BIGINT, sensor AS CONCAT('sensor-', CAST(MOD(seq,"
                            + " 2) AS STRING)), temperature AS 20 + 5 * SIN(seq / 20.0) + 0.3 *"
                            + " SIN(seq * 12.9898) + CASE WHEN seq IN (800, 901, 1800, 1901) THEN"
                            + " 15 ELSE 0 END) WITH ('connector' = 'datagen', 'number-of-rows' ="
                            + " '2000', 'fields.seq.kind' = 'sequence', 'fields.seq.start' = '0',"
                            + " 'fields.seq.end' = '1999')");
            gateway.run(
                    s,
                    "CREATE TEMPORARY VIEW temperatures AS SELECT sensor, temperature FROM"
                            + " readings");
            gateway.run(
                    s,
                    "CREATE TEMPORARY VIEW scored AS SELECT sensor, temperature, ANOMALY_SCORE"
                            + " FROM RANDOM_CUT_FOREST(input => TABLE temperatures PARTITION BY"
                            + " sensor, numberOfTrees => 50)");
            assertThat(
                            gateway.run(
                                    s,
                                    "SELECT sensor, temperature FROM scored WHERE ANOMALY_SCORE >"
                                            + " 2.5"))
                    .hasSize(4)
                    .allSatisfy(r -> assertThat((Double) r.get(1)).isGreaterThan(30));

            // HOTSPOTS: the README's pickups find the planted square.
            gateway.run(
                    s,
                    "CREATE TABLE rides (seq BIGINT, rx DOUBLE, ry DOUBLE) WITH ('connector' ="
                            + " 'datagen', 'number-of-rows' = '1500', 'fields.seq.kind' ="
                            + " 'sequence', 'fields.seq.start' = '1', 'fields.seq.end' = '1500',"
                            + " 'fields.rx.min' = '0', 'fields.rx.max' = '10', 'fields.ry.min' ="
                            + " '0', 'fields.ry.max' = '10')");
            gateway.run(
                    s,
                    "CREATE TEMPORARY VIEW pickups AS SELECT CASE WHEN MOD(seq, 5) = 0 THEN 3 + rx"
                            + " / 40 ELSE rx END AS x, CASE WHEN MOD(seq, 5) = 0 THEN 7 + ry / 40"
                            + " ELSE ry END AS y FROM rides");
            List<List<Object>> hot =
                    gateway.run(
                            s,
                            "SELECT CAST(JSON_VALUE(HOTSPOTS_RESULT, '$.hotspots[0].minValues[0]')"
                                    + " AS DOUBLE), CAST(JSON_VALUE(HOTSPOTS_RESULT,"
                                    + " '$.hotspots[0].maxValues[1]') AS DOUBLE) FROM HOTSPOTS(input"
                                    + " => TABLE pickups, windowSize => 500, scanRadius => 0.2,"
                                    + " minimumNumberOfPointsInAHotspot => 17) WHERE"
                                    + " JSON_VALUE(HOTSPOTS_RESULT, '$.hotspots[0].density') IS NOT"
                                    + " NULL");
            assertThat(hot).isNotEmpty();
            List<Object> last = hot.get(hot.size() - 1);
            assertThat((Double) last.get(0))
                    .isBetween(
                            2.75,
                            3.05); // the square [3, 3.25] x [7, 7.25], give or take the scan radius
            assertThat((Double) last.get(1)).isBetween(7.2, 7.45);
            assertThat(gateway.log()).doesNotContain("NoClassDefFoundError");
        }
    }
}
