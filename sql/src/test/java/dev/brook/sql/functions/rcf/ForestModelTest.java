package dev.brook.sql.functions.rcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.brook.sql.functions.NumericColumns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.dataview.ListView;
import org.junit.jupiter.api.Test;

class ForestModelTest {
    private static final ForestParameters SMALL = new ForestParameters(30, 64, 100_000, 1);

    @Test
    void scoresZeroWhileWarmingUpThenScoresEveryRow() {
        ForestModel model = ForestModel.create(SMALL, 2, 1);
        Random rnd = new Random(1);
        for (int i = 0; i < 200; i++) {
            double[] p = {rnd.nextGaussian(), rnd.nextGaussian()};
            double score = model.score(p);
            if (i < 64) {
                assertThat(score).as("row %s", i).isZero();
            } else {
                assertThat(score).as("row %s", i).isPositive();
            }
            model.update(p);
        }
        assertThat(model.rows()).isEqualTo(200);
    }

    @Test
    void anOutlierScoresFarAboveTypicalRowsAndItsColumnTakesTheAttribution() {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        ForestModel model = ForestModel.create(SMALL, 3, seed);
        List<Double> typical = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double[] p = {rnd.nextGaussian(), 5 + rnd.nextGaussian(), -3 + rnd.nextGaussian()};
            if (i >= 400) {
                typical.add(model.score(p));
            }
            model.update(p);
        }
        double[] outlier = {0, 30, -3};
        double[][] attribution = model.attribution(outlier);
        double score = model.score(outlier);
        double maxTypical = typical.stream().max(Comparator.naturalOrder()).orElseThrow();
        assertThat(score).as("seed %s", seed).isGreaterThan(1.5 * maxTypical);
        double[] total = new double[3];
        for (int c = 0; c < 3; c++) {
            total[c] = attribution[0][c] + attribution[1][c];
        }
        assertThat(total[1]).as("seed %s", seed).isGreaterThan(total[0] + total[2]);
        // Column 1 is too high, not too low.
        assertThat(attribution[0][1]).as("seed %s", seed).isGreaterThan(5 * attribution[1][1]);
        // Attributions add up to the score (up to float summation).
        assertThat(total[0] + total[1] + total[2])
                .as("seed %s", seed)
                .isCloseTo(score, within(1e-3 * score));
        // A value too low is LOW.
        double[][] low = model.attribution(new double[] {0, -25, -3});
        assertThat(low[1][1]).as("seed %s", seed).isGreaterThan(5 * low[0][1]);
    }

    @Test
    void aModelReadBackFromBytesHasLearntTheSameRowsAndKeepsScoring() {
        ForestModel model = ForestModel.create(SMALL, 2, 7);
        Random rnd = new Random(7);
        for (int i = 0; i < 300; i++) {
            model.update(new double[] {rnd.nextGaussian(), rnd.nextGaussian()});
        }
        byte[] bytes = model.toBytes();
        ForestModel restored = ForestModel.fromBytes(bytes, 99);
        assertThat(restored.rows()).isEqualTo(300);
        assertThat(restored.columns()).isEqualTo(2);
        double[] typical = {0.1, -0.2};
        double[] outlier = {8, 8};
        // Not warming up again: the samples came back, only the cuts are redrawn.
        assertThat(restored.score(typical)).isPositive();
        assertThat(restored.score(outlier)).isGreaterThan(2 * restored.score(typical));
        assertThat(restored.score(outlier)).isCloseTo(model.score(outlier), within(0.5));
    }

    @Test
    void shinglesScoreAChangeOfPatternThatNoSingleRowShows() {
        // A square wave 0,0,1,1,0,0,1,1,...: every value is common, three 1s in a row are not.
        ForestParameters shingled = new ForestParameters(50, 128, 100_000, 3);
        ForestModel model = ForestModel.create(shingled, 1, 3);
        for (int i = 0; i < 600; i++) {
            model.update(new double[] {(i / 2) % 2});
        }
        // The last two rows were 1,1 (i = 598, 599 give 1): a third 1 breaks the pattern.
        double broken = model.score(new double[] {1});
        double expected = model.score(new double[] {0});
        assertThat(broken).isGreaterThan(1.5 * expected);
        assertThat(model.attribution(new double[] {1})[0]).hasSize(1);
    }

    @Test
    void parametersHaveKinesisDataAnalyticsDefaultsAndBounds() {
        assertThat(ForestParameters.of("F", null, null, null, null))
                .isEqualTo(new ForestParameters(100, 256, 100_000, 1));
        assertThat(ForestParameters.of("F", 10, new java.math.BigDecimal("20"), 30L, 4.0))
                .isEqualTo(new ForestParameters(10, 20, 30, 4));
        assertThatThrownBy(() -> ForestParameters.of("F", 0, null, null, null))
                .isInstanceOf(ValidationException.class)
                .hasMessage(
                        "F parameter numberOfTrees must be a whole number between 1 and 1000, was 0");
        assertThatThrownBy(() -> ForestParameters.of("F", null, 1, null, null))
                .hasMessageContaining("subSampleSize");
        assertThatThrownBy(() -> ForestParameters.of("F", null, null, 0, null))
                .hasMessageContaining("timeDecay");
        assertThatThrownBy(() -> ForestParameters.of("F", null, null, null, 0))
                .hasMessageContaining("shingleSize");
        assertThatThrownBy(() -> ForestParameters.of("F", 2.5, null, null, null))
                .hasMessageContaining("was 2.5");
    }

    @Test
    void explanationsAreKinesisDataAnalyticsJson() {
        NumericColumns columns =
                NumericColumns.of(
                        "TEST",
                        DataTypes.ROW(
                                DataTypes.FIELD("k", DataTypes.STRING()),
                                DataTypes.FIELD("sys\"tolic", DataTypes.INT()),
                                DataTypes.FIELD("diastolic", DataTypes.DOUBLE())),
                        new int[] {0},
                        -1);
        double[][] attribution = {{1.5, 0.1}, {0.24468, 0.2}};
        assertThat(RandomCutForestWithExplanationFunction.explain(columns, attribution, true))
                .isEqualTo(
                        "{\"sys\\\"tolic\":{\"DIRECTION\":\"HIGH\",\"STRENGTH\":\"1.2553\","
                                + "\"ATTRIBUTION_SCORE\":\"1.7447\"},"
                                + "\"diastolic\":{\"DIRECTION\":\"LOW\",\"STRENGTH\":\"0.1000\","
                                + "\"ATTRIBUTION_SCORE\":\"0.3000\"}}");
        assertThat(RandomCutForestWithExplanationFunction.explain(columns, attribution, false))
                .isEqualTo(
                        "{\"sys\\\"tolic\":{\"ATTRIBUTION_SCORE\":\"1.7447\"},"
                                + "\"diastolic\":{\"ATTRIBUTION_SCORE\":\"0.3000\"}}");
    }

    @Test
    void theStoreKeepsSnapshotPlusLaterRowsSoAnyPrefixRestores() throws Exception {
        ListView<byte[]> snapshot = new ListView<>();
        ListView<double[]> rows = new ListView<>();
        ForestStore store = new ForestStore(4, 100);
        List<Object> key = List.of("k");
        Random rnd = new Random(5);
        for (int i = 1; i <= 250; i++) {
            ForestModel model = store.model(key, snapshot, rows, SMALL, 2);
            double[] values = {rnd.nextGaussian(), rnd.nextGaussian()};
            model.score(values);
            model.update(values);
            store.learnt(key, values, snapshot, rows);
            assertThat(snapshot.getList()).as("row %s", i).hasSize(i >= 100 ? 1 : 0);
            assertThat(rows.getList()).as("row %s", i).hasSize(i % 100);
        }
        // A fresh store (a restored task) rebuilds the model from the state: 200 + 50 rows.
        ForestStore restored = new ForestStore(4, 100);
        ForestModel model = restored.model(key, snapshot, rows, SMALL, 2);
        assertThat(model.rows()).isEqualTo(250);
        assertThat(model.score(new double[] {0, 0})).isPositive();
        // Column count mismatch (the query changed) is refused, not mixed up.
        assertThatThrownBy(() -> new ForestStore(4, 100).model(key, snapshot, rows, SMALL, 3))
                .hasMessageContaining("has 2 columns, the input has 3");
    }

    @Test
    void evictedPartitionsAreRebuiltFromTheirState() throws Exception {
        ForestStore store = new ForestStore(1, 1000);
        List<ListView<byte[]>> snapshots = new ArrayList<>();
        List<ListView<double[]>> rows = new ArrayList<>();
        IntStream.range(0, 2)
                .forEach(
                        k -> {
                            snapshots.add(new ListView<>());
                            rows.add(new ListView<>());
                        });
        for (int i = 0; i < 100; i++) {
            int k = i % 2; // alternating partitions evict each other from a one-entry cache
            List<Object> key = List.of("k" + k);
            ForestModel model = store.model(key, snapshots.get(k), rows.get(k), SMALL, 1);
            assertThat(model.rows()).isEqualTo(i / 2);
            model.update(new double[] {i});
            store.learnt(key, new double[] {i}, snapshots.get(k), rows.get(k));
        }
    }

    @Test
    void seedsDependOnlyOnTheKey() {
        assertThat(ForestStore.seed(List.of("a", 1L)))
                .isEqualTo(ForestStore.seed(List.of("a", 1L)));
        assertThat(ForestStore.seed(List.of("a"))).isNotEqualTo(ForestStore.seed(List.of("b")));
    }
}
