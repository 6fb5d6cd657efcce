package dev.brook.sql.functions.rcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.sql.functions.BrookFunctions;
import dev.brook.sql.functions.ItSupport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RANDOM_CUT_FOREST and its explanation variant over a seeded series with injected spikes. */
class RandomCutForestITCase {
    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = ItSupport.miniCluster();

    private static final int KEYS = 2;
    private static final int ROWS_PER_KEY = 1200;
    private static final int WARM_UP = 256; // the default subSampleSize
    private static final int ANOMALIES_PER_KEY = 10;

    @Test
    void ranksInjectedAnomaliesAboveTheRestPerPartitionAfterItsWarmUp() throws Exception {
        long seed = new Random().nextLong();
        SyntheticSeries series =
                new SyntheticSeries(seed, KEYS, ROWS_PER_KEY, WARM_UP, ANOMALIES_PER_KEY);
        StreamTableEnvironment tEnv = tableEnv(series);

        List<Row> rows =
                ItSupport.collect(
                        tEnv.executeSql(
                                "SELECT k, ts, x, y, ANOMALY_SCORE FROM RANDOM_CUT_FOREST("
                                        + "input => TABLE readings PARTITION BY k)"));

        assertThat(rows).as("seed %s", seed).hasSize(KEYS * ROWS_PER_KEY);
        Map<String, Double> scores = new HashMap<>();
        for (Row row : rows) {
            double score = (Double) row.getField(4);
            int index = SyntheticSeries.index(row);
            // Every partition warms up on its own first subSampleSize rows.
            if (index < WARM_UP) {
                assertThat(score).as("seed %s, row %s", seed, row).isZero();
            } else {
                assertThat(score).as("seed %s, row %s", seed, row).isPositive();
            }
            scores.put(SyntheticSeries.id(row), score);
        }
        double precision = precisionAtK(scores, series.anomalies);
        System.out.printf(
                "RANDOM_CUT_FOREST precision@%d = %.3f (seed %d)%n",
                series.anomalies.size(), precision, seed);
        assertThat(precision).as("precision@k, seed %s", seed).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void explainsAnomaliesByTheColumnThatJumpedAndItsDirection() throws Exception {
        long seed = Long.getLong("brook.test.seed", new Random().nextLong());
        SyntheticSeries series = new SyntheticSeries(seed, 1, 800, WARM_UP, 8);
        StreamTableEnvironment tEnv = tableEnv(series);

        List<Row> rows =
                ItSupport.collect(
                        tEnv.executeSql(
                                "SELECT k, ts, ANOMALY_SCORE, ANOMALY_EXPLANATION"
                                        + " FROM RANDOM_CUT_FOREST_WITH_EXPLANATION("
                                        + "input => TABLE readings PARTITION BY k,"
                                        + " numberOfTrees => 50, withDirectionality => TRUE)"));

        assertThat(rows).as("seed %s", seed).hasSize(800);
        ObjectMapper json = new ObjectMapper();
        Map<String, Double> scores = new HashMap<>();
        int explained = 0;
        int dominated = 0;
        int directed = 0;
        for (Row row : rows) {
            double score = (Double) row.getField(2);
            JsonNode explanation = json.readTree((String) row.getField(3));
            assertThat(iterable(explanation.fieldNames())).containsExactly("x", "y");
            double sum = 0;
            for (String column : List.of("x", "y")) {
                JsonNode c = explanation.get(column);
                assertThat(iterable(c.fieldNames()))
                        .containsExactly("DIRECTION", "STRENGTH", "ATTRIBUTION_SCORE");
                assertThat(c.get("DIRECTION").asText()).isIn("HIGH", "LOW");
                sum += Double.parseDouble(c.get("ATTRIBUTION_SCORE").asText());
            }
            // The attributions add up to the score (each is rounded to 4 decimals).
            assertThat(sum).as("seed %s, row %s", seed, row).isCloseTo(score, within(2e-4));
            String id = SyntheticSeries.id(row);
            scores.put(id, score);
            String spike = series.spikes.get(id);
            if (spike != null) {
                String hit = spike.substring(0, 1);
                String other = hit.equals("x") ? "y" : "x";
                JsonNode h = explanation.get(hit);
                if (h.get("DIRECTION").asText().equals(spike.endsWith("+") ? "HIGH" : "LOW")) {
                    directed++;
                }
                assertThat(Double.parseDouble(h.get("STRENGTH").asText()))
                        .as("seed %s, spike %s: %s", seed, spike, explanation)
                        .isPositive()
                        .isLessThanOrEqualTo(attribution(h));
                if (attribution(h) > attribution(explanation.get(other))) {
                    dominated++;
                }
                explained++;
            }
        }
        // The jumped column takes the larger share for most spikes, not all: a reading pushed
        // off the top of the circle sideways lands where its other column is out of place too.
        assertThat(dominated).as("seed %s", seed).isGreaterThanOrEqualTo(6);
        // For the same reason the jumped column's direction is right for most spikes, not all
        // (seed 2009106480338656844: an x+ spike explained as x LOW).
        assertThat(directed)
                .as("spikes with the right direction, seed %s", seed)
                .isGreaterThanOrEqualTo(6);
        assertThat(explained).isEqualTo(8);
        assertThat(precisionAtK(scores, series.anomalies))
                .as("precision@k, seed %s", seed)
                .isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void withoutPartitionByOneForestLearnsTheWholeTable() throws Exception {
        long seed = new Random().nextLong();
        SyntheticSeries series = new SyntheticSeries(seed, 1, 400, 64, 2);
        StreamTableEnvironment tEnv = tableEnv(series);
        List<Row> rows =
                ItSupport.collect(
                        tEnv.executeSql(
                                "SELECT * FROM RANDOM_CUT_FOREST(TABLE readings, 20, 64, 1000, 2)"));
        // Positional arguments; all input columns pass through, then the score.
        assertThat(rows).hasSize(400);
        assertThat(rows.get(0).getArity()).isEqualTo(5);
        // With a shingle of 2 the forest outputs after 64 updates of full shingles.
        long zeros = rows.stream().filter(r -> (Double) r.getField(4) == 0.0).count();
        assertThat(zeros).as("seed %s", seed).isBetween(64L, 66L);
    }

    private static double attribution(JsonNode column) {
        return Double.parseDouble(column.get("ATTRIBUTION_SCORE").asText());
    }

    private static <T> List<T> iterable(Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    /** The fraction of the k highest scores that are injected anomalies, k = their number. */
    static double precisionAtK(Map<String, Double> scores, Set<String> anomalies) {
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(scores.entrySet());
        ranked.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        Set<String> top = new HashSet<>();
        for (int i = 0; i < anomalies.size(); i++) {
            top.add(ranked.get(i).getKey());
        }
        top.retainAll(anomalies);
        return (double) top.size() / anomalies.size();
    }

    private static StreamTableEnvironment tableEnv(SyntheticSeries series) {
        StreamExecutionEnvironment env = ItSupport.env(2);
        StreamTableEnvironment tEnv = ItSupport.tableEnv(env);
        BrookFunctions.registerAll(tEnv);
        DataStream<Row> readings = env.fromData(series.rows, SyntheticSeries.TYPE);
        tEnv.createTemporaryView("readings", tEnv.fromDataStream(readings));
        return tEnv;
    }
}
