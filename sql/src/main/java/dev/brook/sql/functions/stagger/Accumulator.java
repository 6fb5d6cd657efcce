package dev.brook.sql.functions.stagger;

import java.util.Arrays;

/**
 * Count, and per numeric column the non-null count, sum, minimum and maximum, of a set of rows.
 * Integral columns (TINYINT to BIGINT) add up exactly in {@code longSums}/{@code longMins}/{@code
 * longMaxs}, the others in doubles. Public fields and a default constructor: Flink stores it as a
 * structured type in state.
 */
public class Accumulator {
    public long rows;
    public long[] counts;
    public long[] longSums;
    public long[] longMins;
    public long[] longMaxs;
    public double[] doubleSums;
    public double[] doubleMins;
    public double[] doubleMaxs;

    public Accumulator() {}

    static Accumulator empty(int columns) {
        Accumulator a = new Accumulator();
        a.counts = new long[columns];
        a.longSums = new long[columns];
        a.longMins = new long[columns];
        a.longMaxs = new long[columns];
        a.doubleSums = new double[columns];
        a.doubleMins = new double[columns];
        a.doubleMaxs = new double[columns];
        Arrays.fill(a.longMins, Long.MAX_VALUE);
        Arrays.fill(a.longMaxs, Long.MIN_VALUE);
        Arrays.fill(a.doubleMins, Double.POSITIVE_INFINITY);
        Arrays.fill(a.doubleMaxs, Double.NEGATIVE_INFINITY);
        return a;
    }

    /** Adds a row; {@code values[c]} is a Number or null (ignored, as SQL aggregates do). */
    void add(Object[] values, boolean[] integral) {
        rows++;
        for (int c = 0; c < values.length; c++) {
            Object value = values[c];
            if (value == null) {
                continue;
            }
            counts[c]++;
            if (integral[c]) {
                long v = ((Number) value).longValue();
                longSums[c] += v;
                longMins[c] = Math.min(longMins[c], v);
                longMaxs[c] = Math.max(longMaxs[c], v);
            } else {
                double v = ((Number) value).doubleValue();
                doubleSums[c] += v;
                doubleMins[c] = Math.min(doubleMins[c], v);
                doubleMaxs[c] = Math.max(doubleMaxs[c], v);
            }
        }
    }

    void merge(Accumulator other) {
        rows += other.rows;
        for (int c = 0; c < counts.length; c++) {
            counts[c] += other.counts[c];
            longSums[c] += other.longSums[c];
            longMins[c] = Math.min(longMins[c], other.longMins[c]);
            longMaxs[c] = Math.max(longMaxs[c], other.longMaxs[c]);
            doubleSums[c] += other.doubleSums[c];
            doubleMins[c] = Math.min(doubleMins[c], other.doubleMins[c]);
            doubleMaxs[c] = Math.max(doubleMaxs[c], other.doubleMaxs[c]);
        }
    }

    /** Column {@code c}'s sum, min, max and average, or nulls if it had no non-null value. */
    Object[] aggregates(int c, boolean integral) {
        if (counts[c] == 0) {
            return new Object[4];
        }
        if (integral) {
            return new Object[] {
                longSums[c], longMins[c], longMaxs[c], (double) longSums[c] / counts[c]
            };
        }
        return new Object[] {
            doubleSums[c], doubleMins[c], doubleMaxs[c], doubleSums[c] / counts[c]
        };
    }
}
