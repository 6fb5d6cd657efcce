package dev.brook.sql.functions.rcf;

import java.io.Serializable;
import org.apache.flink.table.api.ValidationException;

/**
 * The parameters of RANDOM_CUT_FOREST, with Kinesis Data Analytics' names and defaults.
 *
 * @param numberOfTrees trees in the forest (default 100)
 * @param subSampleSize points each tree keeps (default 256); also the warm-up: the first this many
 *     rows of a partition score 0
 * @param timeDecay how many recent rows the forest mostly remembers (default 100000): each point is
 *     replaced in the samples with a rate of 1/timeDecay
 * @param shingleSize consecutive rows scored together as one point (default 1)
 */
public record ForestParameters(
        int numberOfTrees, int subSampleSize, long timeDecay, int shingleSize)
        implements Serializable {
    public static final int DEFAULT_NUMBER_OF_TREES = 100;
    public static final int DEFAULT_SUB_SAMPLE_SIZE = 256;
    public static final int DEFAULT_TIME_DECAY = 100_000;
    public static final int DEFAULT_SHINGLE_SIZE = 1;

    public static final int MAX_NUMBER_OF_TREES = 1000;
    public static final int MAX_SUB_SAMPLE_SIZE = 10_000;
    public static final int MAX_SHINGLE_SIZE = 64;

    public ForestParameters {
        if (numberOfTrees < 1 || subSampleSize < 2 || timeDecay < 1 || shingleSize < 1) {
            throw new IllegalArgumentException(
                    "invalid forest parameters "
                            + numberOfTrees
                            + ", "
                            + subSampleSize
                            + ", "
                            + timeDecay
                            + ", "
                            + shingleSize);
        }
    }

    /**
     * The parameters of a call to {@code function}, defaults for those left out (null).
     *
     * @throws ValidationException naming the parameter when one is out of range or not whole
     */
    public static ForestParameters of(
            String function,
            Number numberOfTrees,
            Number subSampleSize,
            Number timeDecay,
            Number shingleSize) {
        return new ForestParameters(
                whole(
                        function,
                        "numberOfTrees",
                        numberOfTrees,
                        DEFAULT_NUMBER_OF_TREES,
                        1,
                        MAX_NUMBER_OF_TREES),
                whole(
                        function,
                        "subSampleSize",
                        subSampleSize,
                        DEFAULT_SUB_SAMPLE_SIZE,
                        2,
                        MAX_SUB_SAMPLE_SIZE),
                whole(function, "timeDecay", timeDecay, DEFAULT_TIME_DECAY, 1, Integer.MAX_VALUE),
                whole(
                        function,
                        "shingleSize",
                        shingleSize,
                        DEFAULT_SHINGLE_SIZE,
                        1,
                        MAX_SHINGLE_SIZE));
    }

    private static int whole(
            String function, String name, Number value, int fallback, long min, long max) {
        if (value == null) {
            return fallback;
        }
        double d = value.doubleValue();
        if (d != Math.rint(d) || d < min || d > max) {
            throw new ValidationException(
                    String.format(
                            "%s parameter %s must be a whole number between %d and %d, was %s",
                            function, name, min, max, value));
        }
        return (int) d;
    }
}
