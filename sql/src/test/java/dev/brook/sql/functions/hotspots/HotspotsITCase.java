package dev.brook.sql.functions.hotspots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.sql.functions.BrookFunctions;
import dev.brook.sql.functions.ItSupport;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HOTSPOTS finds a cluster planted in uniform noise, per partition. */
class HotspotsITCase {
    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = ItSupport.miniCluster();

    private static final int ROWS_PER_CITY = 2000;
    private static final int WINDOW = 1000;
    private static final double RADIUS = 0.2;
    private static final int MIN_POINTS = 17;
    private static final LocalDateTime EPOCH = LocalDateTime.of(2024, 1, 1, 0, 0);

    private static final TypeInformation<Row> RIDE =
            Types.ROW_NAMED(
                    new String[] {"city", "ts", "x", "y"},
                    Types.STRING,
                    Types.LOCAL_DATE_TIME,
                    Types.DOUBLE,
                    Types.DOUBLE);

    @Test
    void findsThePlantedClusterWithItsDensityAndBoundsAndNothingInPureNoise() throws Exception {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        // "hot": a fifth of the rides in a disk of radius 0.5 around (3, 7), the rest uniform
        // on 10 x 10; "calm": uniform only. Rows alternate between the cities.
        Map<String, List<double[]>> points = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS_PER_CITY; i++) {
            for (String city : List.of("hot", "calm")) {
                double[] p;
                if (city.equals("hot") && rnd.nextDouble() < 0.2) {
                    double angle = rnd.nextDouble() * 2 * Math.PI;
                    double r = 0.5 * Math.sqrt(rnd.nextDouble());
                    p = new double[] {3 + r * Math.cos(angle), 7 + r * Math.sin(angle)};
                } else {
                    p = new double[] {10 * rnd.nextDouble(), 10 * rnd.nextDouble()};
                }
                points.computeIfAbsent(city, c -> new ArrayList<>()).add(p);
                rows.add(Row.of(city, EPOCH.plusSeconds(i), p[0], p[1]));
            }
        }
        StreamExecutionEnvironment env = ItSupport.env(2);
        StreamTableEnvironment tEnv = ItSupport.tableEnv(env);
        BrookFunctions.registerAll(tEnv);
        tEnv.createTemporaryView("rides", tEnv.fromDataStream(env.fromData(rows, RIDE)));

        List<Row> out =
                ItSupport.collect(
                        tEnv.executeSql(
                                "SELECT city, ts, x, y, HOTSPOTS_RESULT FROM HOTSPOTS("
                                        + "input => TABLE rides PARTITION BY city,"
                                        + " windowSize => "
                                        + WINDOW
                                        + ", scanRadius => "
                                        + RADIUS
                                        + ", minimumNumberOfPointsInAHotspot => "
                                        + MIN_POINTS
                                        + ")"));

        assertThat(out).as("seed %s", seed).hasSize(2 * ROWS_PER_CITY);
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        for (Row row : out) {
            String city = (String) row.getField(0);
            int index = (int) Duration.between(EPOCH, (LocalDateTime) row.getField(1)).getSeconds();
            JsonNode hotspots = json.readTree((String) row.getField(4)).get("hotspots");
            if (city.equals("calm")) {
                assertThat(hotspots).as("seed %s, %s", seed, row).isEmpty();
                continue;
            }
            if (index < WINDOW || index % 250 != 0 && index != ROWS_PER_CITY - 1) {
                continue;
            }
            // The result of row i is DBSCAN of the city's rows i-999..i.
            List<double[]> window = points.get(city).subList(index - WINDOW + 1, index + 1);
            ReferenceDbscan reference = new ReferenceDbscan(window, RADIUS, MIN_POINTS);
            assertThat(reference.clusters).as("seed %s: one planted cluster", seed).hasSize(1);
            ReferenceDbscan.Cluster expected = reference.clusters.get(0);
            assertThat(hotspots).as("seed %s, %s", seed, row).hasSize(1);
            JsonNode h = hotspots.get(0);
            assertThat(h.get("numberOfPoints").asInt())
                    .as("seed %s, %s", seed, row)
                    .isEqualTo(expected.cores() + expected.borders() + expected.ambiguousBorders());
            for (int d = 0; d < 2; d++) {
                assertThat(h.get("minValues").get(d).asDouble()).isEqualTo(expected.min()[d]);
                assertThat(h.get("maxValues").get(d).asDouble()).isEqualTo(expected.max()[d]);
            }
            // The planted disk, give or take two scan radii (a core point can sit a little outside
            // its edge, a border point a radius further).
            assertThat(h.get("minValues").get(0).asDouble())
                    .isBetween(2.5 - 2 * RADIUS, 2.5 + RADIUS);
            assertThat(h.get("maxValues").get(1).asDouble())
                    .isBetween(7.5 - RADIUS, 7.5 + 2 * RADIUS);
            double expectedDensity = density(expected, window);
            assertThat(h.get("density").asDouble())
                    .as("seed %s, %s", seed, row)
                    .isCloseTo(expectedDensity, within(1e-9))
                    .isBetween(8.0, 30.0); // a fifth of the points in about a hundredth of the area
            checked++;
        }
        assertThat(checked).isEqualTo(5); // rows 1000, 1250, 1500, 1750 and the last
    }

    private static double density(ReferenceDbscan.Cluster cluster, List<double[]> window) {
        double volume = 1;
        for (int d = 0; d < 2; d++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] p : window) {
                min = Math.min(min, p[d]);
                max = Math.max(max, p[d]);
            }
            volume *=
                    Math.max(cluster.max()[d] - cluster.min()[d], RADIUS)
                            / Math.max(max - min, RADIUS);
        }
        int points = cluster.cores() + cluster.borders() + cluster.ambiguousBorders();
        return ((double) points / window.size()) / volume;
    }
}
