package dev.brook.sql.functions.hotspots;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Textbook DBSCAN over a list of points, all pairs compared: the reference {@link HotspotDetector}
 * is checked against. A cluster's "border" points are the non-core points within radius of one of
 * its cores; a border point next to two clusters is "ambiguous" (DBSCAN gives it to either).
 */
final class ReferenceDbscan {
    record Cluster(
            int cores,
            int borders,
            int ambiguousBorders,
            double[] min,
            double[] max,
            List<double[]> points) {}

    final List<Cluster> clusters = new ArrayList<>();
    int ambiguousBorders;

    ReferenceDbscan(List<double[]> points, double radius, int minPoints) {
        int n = points.size();
        double r2 = radius * radius;
        boolean[][] near = new boolean[n][n];
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                near[i][j] = distanceSquared(points.get(i), points.get(j)) <= r2;
                if (near[i][j]) {
                    counts[i]++;
                }
            }
        }
        boolean[] core = new boolean[n];
        for (int i = 0; i < n; i++) {
            core[i] = counts[i] >= minPoints;
        }
        int[] component = new int[n];
        Arrays.fill(component, -1);
        int components = 0;
        for (int i = 0; i < n; i++) {
            if (!core[i] || component[i] >= 0) {
                continue;
            }
            Deque<Integer> queue = new ArrayDeque<>();
            queue.add(i);
            component[i] = components;
            while (!queue.isEmpty()) {
                int a = queue.poll();
                for (int b = 0; b < n; b++) {
                    if (core[b] && component[b] < 0 && near[a][b]) {
                        component[b] = components;
                        queue.add(b);
                    }
                }
            }
            components++;
        }
        List<List<double[]>> members = new ArrayList<>();
        int[] cores = new int[components];
        int[] borders = new int[components];
        int[] ambiguous = new int[components];
        for (int c = 0; c < components; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            if (core[i]) {
                members.get(component[i]).add(points.get(i));
                cores[component[i]]++;
                continue;
            }
            Set<Integer> adjacent = new HashSet<>();
            for (int j = 0; j < n; j++) {
                if (core[j] && near[i][j]) {
                    adjacent.add(component[j]);
                }
            }
            if (adjacent.size() == 1) {
                int c = adjacent.iterator().next();
                members.get(c).add(points.get(i));
                borders[c]++;
            } else if (adjacent.size() > 1) {
                ambiguousBorders++;
                for (int c : adjacent) {
                    ambiguous[c]++;
                }
            }
        }
        for (int c = 0; c < components; c++) {
            List<double[]> m = members.get(c);
            int dims = m.get(0).length;
            double[] min = new double[dims];
            double[] max = new double[dims];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (double[] p : m) {
                for (int d = 0; d < dims; d++) {
                    min[d] = Math.min(min[d], p[d]);
                    max[d] = Math.max(max[d], p[d]);
                }
            }
            clusters.add(new Cluster(cores[c], borders[c], ambiguous[c], min, max, m));
        }
    }

    private static double distanceSquared(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            double diff = a[d] - b[d];
            sum += diff * diff;
        }
        return sum;
    }
}
