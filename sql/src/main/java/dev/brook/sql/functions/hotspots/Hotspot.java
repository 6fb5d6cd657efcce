package dev.brook.sql.functions.hotspots;

import java.util.List;

/**
 * One hotspot of a window.
 *
 * @param density how many times denser the hotspot is than the window as a whole: (hotspot points /
 *     window points) / (hotspot volume / window volume), volumes being those of the bounding boxes
 *     with every side at least the scan radius long (so that a flat box still has a volume)
 * @param points the window's points in the hotspot
 * @param minValues the smallest value of each column in the hotspot
 * @param maxValues the largest value of each column in the hotspot
 */
public record Hotspot(double density, int points, double[] minValues, double[] maxValues) {

    static double densityOf(
            int points,
            int windowPoints,
            double[] min,
            double[] max,
            double[] windowMin,
            double[] windowMax,
            double radius) {
        double volumeRatio = 1;
        for (int d = 0; d < min.length; d++) {
            double side = Math.max(max[d] - min[d], radius);
            double windowSide = Math.max(windowMax[d] - windowMin[d], radius);
            volumeRatio *= side / windowSide;
        }
        return ((double) points / windowPoints) / volumeRatio;
    }

    /**
     * The Kinesis Data Analytics HOTSPOTS result: {@code {"hotspots":[{"density":..,
     * "minValues":[..],"maxValues":[..]},..]}}, densest first, plus each hotspot's {@code
     * numberOfPoints}.
     */
    public static String toJson(List<Hotspot> hotspots) {
        StringBuilder json = new StringBuilder("{\"hotspots\":[");
        for (int i = 0; i < hotspots.size(); i++) {
            Hotspot h = hotspots.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"density\":").append(number(h.density));
            json.append(",\"numberOfPoints\":").append(h.points);
            json.append(",\"minValues\":");
            array(json, h.minValues);
            json.append(",\"maxValues\":");
            array(json, h.maxValues);
            json.append('}');
        }
        return json.append("]}").toString();
    }

    private static void array(StringBuilder json, double[] values) {
        json.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(number(values[i]));
        }
        json.append(']');
    }

    private static String number(double value) {
        // Finite by construction (inputs are finite); JSON has no NaN or Infinity.
        return Double.isFinite(value) ? Double.toString(value) : "null";
    }
}
