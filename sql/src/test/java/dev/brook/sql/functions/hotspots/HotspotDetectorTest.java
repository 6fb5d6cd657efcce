package dev.brook.sql.functions.hotspots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HotspotDetectorTest {

    @Test
    void aPlantedClusterInUniformNoiseIsTheOnlyHotspotWithItsBoundsAndDensity() {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        HotspotDetector detector = new HotspotDetector(2, 1000, 0.2, 17);
        List<double[]> window = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double[] p;
            if (rnd.nextDouble() < 0.2) {
                // a disk of radius 0.5 around (3, 7)
                double angle = rnd.nextDouble() * 2 * Math.PI;
                double r = 0.5 * Math.sqrt(rnd.nextDouble());
                p = new double[] {3 + r * Math.cos(angle), 7 + r * Math.sin(angle)};
            } else {
                p = new double[] {10 * rnd.nextDouble(), 10 * rnd.nextDouble()};
            }
            detector.add(p);
            window.add(p);
            if (window.size() > 1000) {
                window.remove(0);
            }
        }
        List<Hotspot> hotspots = detector.hotspots();
        assertThat(hotspots).as("seed %s", seed).hasSize(1);
        Hotspot h = hotspots.get(0);
        // The disk, give or take two scan radii: a core point can sit a little outside its edge
        // (half its neighbourhood still in the disk) and a border point a radius further.
        assertThat(h.minValues()[0]).as("seed %s", seed).isBetween(2.1, 2.8);
        assertThat(h.maxValues()[0]).as("seed %s", seed).isBetween(3.2, 3.9);
        assertThat(h.minValues()[1]).as("seed %s", seed).isBetween(6.1, 6.8);
        assertThat(h.maxValues()[1]).as("seed %s", seed).isBetween(7.2, 7.9);
        // About 20% of the window in about 1% of its area: about 20 times denser (less when
        // border points widen the box).
        assertThat(h.density()).as("seed %s", seed).isBetween(8.0, 30.0);
        assertSameAsReference(detector, window, 0.2, 17, "seed " + seed);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void slidingWindowsOfRandomClustersMatchBruteForceDbscan(int dimensions) {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        int windowSize = 150;
        double radius = 0.6;
        int minPoints = 5;
        HotspotDetector detector = new HotspotDetector(dimensions, windowSize, radius, minPoints);
        List<double[]> window = new ArrayList<>();
        double[][] centres = new double[8][dimensions];
        for (double[] c : centres) {
            for (int d = 0; d < dimensions; d++) {
                c[d] = 10 * rnd.nextDouble();
            }
        }
        for (int i = 0; i < 600; i++) {
            double[] p = new double[dimensions];
            if (rnd.nextDouble() < 0.5) {
                double[] c = centres[rnd.nextInt(centres.length)];
                for (int d = 0; d < dimensions; d++) {
                    p[d] = c[d] + rnd.nextGaussian() * 0.4;
                }
            } else {
                for (int d = 0; d < dimensions; d++) {
                    p[d] = 10 * rnd.nextDouble();
                }
            }
            if (i % 10 == 0 && !window.isEmpty()) {
                p = window.get(rnd.nextInt(window.size())).clone(); // duplicates
            }
            detector.add(p);
            window.add(p);
            if (window.size() > windowSize) {
                window.remove(0);
            }
            if (i % 7 == 0 || i > 590) {
                assertSameAsReference(
                        detector, window, radius, minPoints, "seed " + seed + ", point " + i);
            }
        }
    }

    @Test
    void highDimensionsUseThePairwiseCellComparisonAndStillMatch() {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        int dimensions = 8; // (2 * 3 + 1)^8 neighbour offsets: more than the detector enumerates
        HotspotDetector detector = new HotspotDetector(dimensions, 200, 1.5, 4);
        List<double[]> window = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double[] p = new double[dimensions];
            boolean clustered = rnd.nextBoolean();
            for (int d = 0; d < dimensions; d++) {
                p[d] = clustered ? 5 + rnd.nextGaussian() * 0.3 : 10 * rnd.nextDouble();
            }
            detector.add(p);
            window.add(p);
            if (window.size() > 200) {
                window.remove(0);
            }
        }
        assertThat(detector.hotspots()).as("seed %s", seed).isNotEmpty();
        assertSameAsReference(detector, window, 1.5, 4, "seed " + seed);
    }

    @Test
    void clustersJustOutOfReachOfEachOtherStayTwoHotspots() {
        // Cells are radius/sqrt(2) wide: the clusters sit in neighbouring cells, 1.2 apart.
        HotspotDetector detector = new HotspotDetector(2, 100, 1.0, 3);
        for (int i = 0; i < 5; i++) {
            detector.add(new double[] {0.1 + 0.01 * i, 0.1});
            detector.add(new double[] {1.3 + 0.01 * i, 0.1});
        }
        assertThat(detector.hotspots()).hasSize(2);
        detector.add(new double[] {0.8, 0.1}); // a bridge: within 1 of both
        detector.add(new double[] {0.8, 0.1});
        detector.add(new double[] {0.8, 0.1});
        assertThat(detector.hotspots()).hasSize(1);
        assertThat(detector.hotspots().get(0).points()).isEqualTo(13);
    }

    @Test
    void theScanRadiusIsInclusiveAndAPointCountsItself() {
        HotspotDetector detector = new HotspotDetector(1, 10, 1.0, 3);
        detector.add(new double[] {0});
        detector.add(new double[] {1});
        assertThat(detector.hotspots()).isEmpty(); // each has 2 points within 1
        detector.add(new double[] {2});
        // 1 has three (0, 1, 2): a core; 0 and 2 are borders.
        List<Hotspot> hotspots = detector.hotspots();
        assertThat(hotspots).hasSize(1);
        assertThat(hotspots.get(0).points()).isEqualTo(3);
        assertThat(hotspots.get(0).minValues()).containsExactly(0.0);
        assertThat(hotspots.get(0).maxValues()).containsExactly(2.0);
    }

    @Test
    void aHotspotLeavesWithTheWindow() {
        HotspotDetector detector = new HotspotDetector(2, 6, 0.5, 3);
        for (int i = 0; i < 3; i++) {
            detector.add(new double[] {1, 1});
        }
        assertThat(detector.hotspots()).hasSize(1);
        assertThat(detector.hotspots().get(0).points()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            detector.add(new double[] {10 * i, 50});
        }
        assertThat(detector.hotspots()).hasSize(1);
        detector.add(new double[] {100, 100});
        // one of the three left: two points are not a hotspot any more
        assertThat(detector.hotspots()).isEmpty();
        assertThat(detector.size()).isEqualTo(6);
    }

    @Test
    void twoSeparateClustersAreTwoHotspotsDensestFirst() {
        HotspotDetector detector = new HotspotDetector(2, 100, 0.3, 4);
        for (int i = 0; i < 10; i++) {
            detector.add(new double[] {0.01 * i, 0}); // tight
            detector.add(new double[] {5 + 0.05 * i, 5}); // looser, same count
        }
        List<Hotspot> hotspots = detector.hotspots();
        assertThat(hotspots).hasSize(2);
        assertThat(hotspots.get(0).minValues()).containsExactly(0.0, 0.0);
        assertThat(hotspots.get(0).maxValues()[0]).isCloseTo(0.09, within(1e-9));
        assertThat(hotspots.get(1).minValues()).containsExactly(5.0, 5.0);
        // Window box 5.45 x 5 (sides below the radius count as the radius):
        // the tight one is 0.3 x 0.3, the loose one 0.45 x 0.3, half the points each.
        double windowVolume = 5.45 * 5;
        assertThat(hotspots.get(0).density()).isCloseTo(0.5 / (0.09 / windowVolume), within(1e-6));
        assertThat(hotspots.get(1).density()).isCloseTo(0.5 / (0.135 / windowVolume), within(1e-6));
    }

    @Test
    void jsonHasKinesisDataAnalyticsShape() {
        String json =
                Hotspot.toJson(
                        List.of(
                                new Hotspot(12.5, 30, new double[] {1, -2.5}, new double[] {2, 3}),
                                new Hotspot(1.25, 5, new double[] {0}, new double[] {1e-7})));
        assertThat(json)
                .isEqualTo(
                        "{\"hotspots\":[{\"density\":12.5,\"numberOfPoints\":30,"
                                + "\"minValues\":[1.0,-2.5],\"maxValues\":[2.0,3.0]},"
                                + "{\"density\":1.25,\"numberOfPoints\":5,"
                                + "\"minValues\":[0.0],\"maxValues\":[1.0E-7]}]}");
        assertThat(Hotspot.toJson(List.of())).isEqualTo("{\"hotspots\":[]}");
    }

    @Test
    void rejectsBadParametersAndPoints() {
        assertThatThrownBy(() -> new HotspotDetector(2, 0, 1, 2))
                .hasMessageContaining("windowSize");
        assertThatThrownBy(() -> new HotspotDetector(2, 10, 0, 2)).hasMessageContaining("radius");
        assertThatThrownBy(() -> new HotspotDetector(2, 10, 1, 1))
                .hasMessageContaining("minPoints");
        HotspotDetector detector = new HotspotDetector(2, 10, 1, 2);
        assertThatThrownBy(() -> detector.add(new double[] {1})).hasMessageContaining("expected 2");
    }

    /** The detector's incremental result, and a from-scratch recomputation, equal DBSCAN's. */
    static void assertSameAsReference(
            HotspotDetector detector,
            List<double[]> window,
            double radius,
            int minPoints,
            String description) {
        List<Hotspot> hotspots = detector.hotspots();
        assertThat(describe(detector.recompute())).as(description).isEqualTo(describe(hotspots));
        ReferenceDbscan reference = new ReferenceDbscan(window, radius, minPoints);
        assertThat(hotspots).as(description).hasSameSizeAs(reference.clusters);
        int total = hotspots.stream().mapToInt(Hotspot::points).sum();
        int expectedTotal =
                reference.clusters.stream().mapToInt(c -> c.cores() + c.borders()).sum()
                        + reference.ambiguousBorders;
        assertThat(total).as(description).isEqualTo(expectedTotal);
        double[] windowMin = new double[window.get(0).length];
        double[] windowMax = new double[window.get(0).length];
        Arrays.fill(windowMin, Double.POSITIVE_INFINITY);
        Arrays.fill(windowMax, Double.NEGATIVE_INFINITY);
        for (double[] p : window) {
            for (int d = 0; d < p.length; d++) {
                windowMin[d] = Math.min(windowMin[d], p[d]);
                windowMax[d] = Math.max(windowMax[d], p[d]);
            }
        }
        for (Hotspot h : hotspots) {
            double expected =
                    Hotspot.densityOf(
                            h.points(),
                            window.size(),
                            h.minValues(),
                            h.maxValues(),
                            windowMin,
                            windowMax,
                            radius);
            assertThat(h.density()).as(description).isCloseTo(expected, within(1e-9));
        }
        if (reference.ambiguousBorders == 0) {
            List<String> expected = new ArrayList<>();
            for (ReferenceDbscan.Cluster c : reference.clusters) {
                expected.add(describe(c.cores() + c.borders(), c.min(), c.max()));
            }
            List<String> actual = new ArrayList<>();
            for (Hotspot h : hotspots) {
                actual.add(describe(h.points(), h.minValues(), h.maxValues()));
            }
            assertThat(actual).as(description).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static List<String> describe(List<Hotspot> hotspots) {
        List<String> out = new ArrayList<>();
        for (Hotspot h : hotspots) {
            out.add(describe(h.points(), h.minValues(), h.maxValues()) + " density " + h.density());
        }
        return out;
    }

    private static String describe(int points, double[] min, double[] max) {
        return points + " " + Arrays.toString(min) + " " + Arrays.toString(max);
    }

    @SuppressWarnings("unused")
    private static final Comparator<Hotspot> BY_POINTS = Comparator.comparingInt(Hotspot::points);
}
