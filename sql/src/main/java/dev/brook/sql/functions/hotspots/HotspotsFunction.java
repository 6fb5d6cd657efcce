package dev.brook.sql.functions.hotspots;

import static org.apache.flink.table.annotation.ArgumentTrait.OPTIONAL_PARTITION_BY;
import static org.apache.flink.table.annotation.ArgumentTrait.PASS_COLUMNS_THROUGH;
import static org.apache.flink.table.annotation.ArgumentTrait.SET_SEMANTIC_TABLE;

import dev.brook.sql.functions.NumericArgumentsFunction;
import dev.brook.sql.functions.NumericColumns;
import dev.brook.sql.functions.PartitionCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.annotation.ArgumentHint;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.StateHint;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.dataview.MapView;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.types.Row;

/**
 * {@code HOTSPOTS}: Kinesis Data Analytics' dense regions of a sliding window, as a process table
 * function.
 *
 * <pre>{@code
 * SELECT * FROM HOTSPOTS(
 *     input => TABLE rides PARTITION BY city,
 *     windowSize => 1000, scanRadius => 0.2, minimumNumberOfPointsInAHotspot => 17)
 * }</pre>
 *
 * <p>Returns every input column followed by {@code HOTSPOTS_RESULT STRING}: for each row, the
 * hotspots of the partition's last {@code windowSize} rows (this one included) as JSON, see {@link
 * Hotspot#toJson}. A row's point is its numeric columns (see {@link NumericColumns}); {@code
 * minValues}/{@code maxValues} list them in table order. What a hotspot is: {@link
 * HotspotDetector}. A row with a null, NaN or infinite numeric value gets a NULL result and does
 * not enter the window.
 *
 * <p>The window is Flink keyed state (one entry per point), so it survives failures and moves with
 * its partition on rescaling. Up to {@value #CACHED_WINDOWS_PARAMETER} (job parameter, default
 * {@value #DEFAULT_CACHED_WINDOWS}) partitions' indexes are kept in memory per task; others are
 * rebuilt from state when their next row comes.
 */
@DataTypeHint("ROW<HOTSPOTS_RESULT STRING>")
public class HotspotsFunction extends NumericArgumentsFunction {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "HOTSPOTS";
    public static final int MAX_WINDOW_SIZE = 100_000;

    public static final String CACHED_WINDOWS_PARAMETER = "brook.hotspots.cached-windows";
    public static final int DEFAULT_CACHED_WINDOWS = 256;

    /** Where the next point of a partition goes in its window state. */
    public static class WindowCursor {
        public Long next;
    }

    private transient PartitionCache<HotspotDetector> cache;
    private transient NumericColumns columns;
    private transient int size;
    private transient double radius;
    private transient int minPoints;

    @Override
    public void open(FunctionContext context) throws Exception {
        cache =
                new PartitionCache<>(
                        PartitionCache.intParameter(
                                context.getJobParameter(
                                        CACHED_WINDOWS_PARAMETER,
                                        String.valueOf(DEFAULT_CACHED_WINDOWS)),
                                CACHED_WINDOWS_PARAMETER));
    }

    public void eval(
            Context ctx,
            @StateHint WindowCursor cursor,
            @StateHint MapView<Long, double[]> window,
            @ArgumentHint(
                            value = {
                                SET_SEMANTIC_TABLE,
                                OPTIONAL_PARTITION_BY,
                                PASS_COLUMNS_THROUGH
                            },
                            name = "input")
                    Row input,
            @ArgumentHint(name = "windowSize", type = @DataTypeHint("INT")) Number windowSize,
            @ArgumentHint(name = "scanRadius", type = @DataTypeHint("DOUBLE")) Number scanRadius,
            @ArgumentHint(name = "minimumNumberOfPointsInAHotspot", type = @DataTypeHint("INT"))
                    Number minimumPoints)
            throws Exception {
        if (columns == null) {
            size =
                    wholeArgument(
                            NAME,
                            "windowSize",
                            required(windowSize, "windowSize"),
                            1,
                            MAX_WINDOW_SIZE);
            radius = radius(required(scanRadius, "scanRadius"));
            minPoints =
                    wholeArgument(
                            NAME,
                            "minimumNumberOfPointsInAHotspot",
                            required(minimumPoints, "minimumNumberOfPointsInAHotspot"),
                            2,
                            size);
            columns = NumericColumns.of(NAME, ctx.tableSemanticsFor("input"));
        }
        double[] point = columns.values(input);
        if (point == null) {
            collect(Row.of((String) null));
            return;
        }
        List<Object> key = columns.partitionKey(input);
        long next = cursor.next == null ? 0 : cursor.next;
        HotspotDetector detector = cache.get(key);
        if (detector == null) {
            detector = restore(window, next);
            cache.put(key, detector);
        }
        window.put(next, point);
        if (next >= size) {
            window.remove(next - size);
        }
        cursor.next = next + 1;
        detector.add(point);
        collect(Row.of(Hotspot.toJson(detector.hotspots())));
    }

    /** The detector of a partition whose window state holds the points before {@code next}. */
    private HotspotDetector restore(MapView<Long, double[]> window, long next) throws Exception {
        HotspotDetector detector = new HotspotDetector(columns.size(), size, radius, minPoints);
        Iterable<Map.Entry<Long, double[]>> stored = next == 0 ? null : window.entries();
        if (stored == null) {
            return detector;
        }
        List<Map.Entry<Long, double[]>> entries = new ArrayList<>();
        for (Map.Entry<Long, double[]> e : stored) {
            entries.add(Map.entry(e.getKey(), e.getValue()));
        }
        entries.sort(Map.Entry.comparingByKey());
        for (Map.Entry<Long, double[]> e : entries) {
            detector.add(e.getValue());
        }
        return detector;
    }

    @Override
    protected void validateCall(CallContext call) {
        Number windowSize = literalNumber(call, 1);
        Integer size = wholeArgument(NAME, "windowSize", windowSize, 1, MAX_WINDOW_SIZE);
        Number scanRadius = literalNumber(call, 2);
        if (scanRadius != null) {
            radius(scanRadius);
        }
        wholeArgument(
                NAME,
                "minimumNumberOfPointsInAHotspot",
                literalNumber(call, 3),
                2,
                size == null ? MAX_WINDOW_SIZE : size);
        call.getTableSemantics(0)
                .ifPresent(
                        t ->
                                NumericColumns.of(
                                        NAME,
                                        t.dataType(),
                                        t.partitionByColumns(),
                                        t.timeColumn()));
    }

    private static Number required(Number value, String name) {
        if (value == null) {
            throw new ValidationException(NAME + " needs " + name + ", got NULL");
        }
        return value;
    }

    private static double radius(Number scanRadius) {
        double radius = scanRadius.doubleValue();
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new ValidationException(
                    NAME + " parameter scanRadius must be a positive number, was " + scanRadius);
        }
        return radius;
    }
}
