package dev.brook.sql.functions.rcf;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * A seeded two-column series per key, readings on a noisy circle (x, y) = (10 sin, 10 cos) of a
 * 64-row period (noise: a standard deviation of 0.3), with spikes injected after the warm-up, at
 * rows at least 40 apart: x or y jumps by 8 to 12 away from 0 (up when positive, down when
 * negative), which puts the reading at least 2.8 (9 standard deviations) off the circle. Rows are
 * (k, ts, x, y); ts (one row a second) names a row, and is not numeric, so the forest ignores it.
 */
final class SyntheticSeries implements Serializable {
    static final LocalDateTime EPOCH = LocalDateTime.of(2024, 1, 1, 0, 0);

    static final TypeInformation<Row> TYPE =
            Types.ROW_NAMED(
                    new String[] {"k", "ts", "x", "y"},
                    Types.STRING,
                    Types.LOCAL_DATE_TIME,
                    Types.DOUBLE,
                    Types.DOUBLE);

    /** Row {@code i} of the series: row i of key {@code i % keys}. */
    final List<Row> rows = new ArrayList<>();

    /** The (key, index) of every injected spike, as "k#index". */
    final Set<String> anomalies = new TreeSet<>();

    /** For each injected spike "k#index": the column it hit (x or y) and its sign. */
    final Map<String, String> spikes = new TreeMap<>();

    SyntheticSeries(long seed, int keys, int rowsPerKey, int warmUp, int anomaliesPerKey) {
        Random rnd = new Random(seed);
        List<List<Row>> perKey = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            String key = "k" + k;
            Set<Integer> at = new TreeSet<>();
            while (at.size() < anomaliesPerKey) {
                int candidate = warmUp + 20 + rnd.nextInt(rowsPerKey - warmUp - 20);
                if (at.stream().allMatch(a -> Math.abs(a - candidate) >= 40)) {
                    at.add(candidate);
                }
            }
            List<Row> series = new ArrayList<>();
            double phase = rnd.nextDouble() * 2 * Math.PI;
            for (int i = 0; i < rowsPerKey; i++) {
                double angle = phase + 2 * Math.PI * i / 64;
                double x = 10 * Math.sin(angle) + rnd.nextGaussian() * 0.3;
                double y = 10 * Math.cos(angle) + rnd.nextGaussian() * 0.3;
                if (at.contains(i)) {
                    boolean hitsX = rnd.nextBoolean();
                    double away = Math.signum(hitsX ? x : y);
                    double jump = (8 + 4 * rnd.nextDouble()) * (away == 0 ? 1 : away);
                    if (hitsX) {
                        x += jump;
                    } else {
                        y += jump;
                    }
                    anomalies.add(key + "#" + i);
                    spikes.put(key + "#" + i, (hitsX ? "x" : "y") + (jump > 0 ? "+" : "-"));
                }
                series.add(Row.of(key, EPOCH.plusSeconds(i), x, y));
            }
            perKey.add(series);
        }
        for (int i = 0; i < rowsPerKey; i++) {
            for (List<Row> series : perKey) {
                rows.add(series.get(i));
            }
        }
    }

    /** "k#index" of an output row that starts with (k, ts). */
    static String id(Row row) {
        LocalDateTime ts = (LocalDateTime) row.getField(1);
        return row.getField(0) + "#" + Duration.between(EPOCH, ts).getSeconds();
    }

    static int index(Row row) {
        return (int) Duration.between(EPOCH, (LocalDateTime) row.getField(1)).getSeconds();
    }
}
