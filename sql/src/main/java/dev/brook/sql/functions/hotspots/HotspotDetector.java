package dev.brook.sql.functions.hotspots;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hotspots of a sliding window of the last {@code windowSize} points: DBSCAN with {@code eps =
 * radius} and {@code minPts = minPoints}, kept up to date as points enter and leave.
 *
 * <ul>
 *   <li>A point is a <em>core</em> point when at least {@code minPoints} points of the window
 *       (itself included) lie within {@code radius} of it (Euclidean distance, inclusive).
 *   <li>A hotspot is a maximal set of core points where each can be reached from another through
 *       steps of at most {@code radius} between core points, plus the non-core points within {@code
 *       radius} of one of its core points (a non-core point near two hotspots belongs to one only).
 * </ul>
 *
 * <p>Cost per point: the number of neighbours of every point is maintained exactly by comparing the
 * entering and the leaving point with the window (O(windowSize &times; dimensions)). Hotspots are
 * recomputed only when they may have changed (a core point appeared or vanished, or a point within
 * radius of a core point entered or left), on a grid of cells of side {@code radius/√d}: two points
 * of one cell are always within {@code radius}, so the core points of a cell are connected without
 * distance computations and only cells in reach of each other are compared. Points away from every
 * core point (noise) cost no recomputation at all; the densities, which depend on the whole
 * window's extent, are recomputed for every call (O(windowSize &times; dimensions)).
 */
public final class HotspotDetector {
    /** Above this many neighbour cells, cells are compared pairwise instead of by offset. */
    private static final int MAX_NEIGHBOUR_OFFSETS = 4096;

    private final int dimensions;
    private final int windowSize;
    private final double radius;
    private final double radiusSquared;
    private final int minPoints;
    private final double cellSide;

    private final double[][] points;
    private final int[] neighbours;
    private final CellKey[] cells;

    /** The window's points by cell. */
    private final Map<CellKey, Slots> allCells = new HashMap<>();

    private int oldest;
    private int size;

    /** Offsets (in cells) of the cells that can hold a point within radius; null if too many. */
    private final int[][] offsets;

    private boolean dirty = true;
    private List<Cluster> clusters = List.of();

    /**
     * @param dimensions coordinates per point
     * @param windowSize points in the window (the last ones added)
     * @param radius the neighbourhood radius (Kinesis Data Analytics' scanRadius)
     * @param minPoints the points a neighbourhood needs for its centre to be a core point
     *     (minimumNumberOfPointsInAHotspot)
     */
    public HotspotDetector(int dimensions, int windowSize, double radius, int minPoints) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1: " + dimensions);
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException("windowSize must be at least 1: " + windowSize);
        }
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("radius must be positive and finite: " + radius);
        }
        if (minPoints < 2) {
            throw new IllegalArgumentException("minPoints must be at least 2: " + minPoints);
        }
        this.dimensions = dimensions;
        this.windowSize = windowSize;
        this.radius = radius;
        this.radiusSquared = radius * radius;
        this.minPoints = minPoints;
        this.cellSide = radius / Math.sqrt(dimensions);
        this.points = new double[windowSize][];
        this.neighbours = new int[windowSize];
        this.cells = new CellKey[windowSize];
        this.offsets = neighbourOffsets(dimensions);
    }

    public int size() {
        return size;
    }

    /** Adds a point, evicting the oldest if the window is full. */
    public void add(double[] point) {
        if (point.length != dimensions) {
            throw new IllegalArgumentException(
                    "point has " + point.length + " coordinates, expected " + dimensions);
        }
        if (size == windowSize) {
            evictOldest();
        }
        int slot = (oldest + size) % windowSize;
        double[] p = point.clone();
        int count = 1;
        boolean nearCore = false;
        for (int i = 0; i < size; i++) {
            int other = (oldest + i) % windowSize;
            if (distanceSquared(p, points[other]) <= radiusSquared) {
                count++;
                int n = ++neighbours[other];
                if (n == minPoints) {
                    dirty = true; // a new core point
                }
                nearCore |= n >= minPoints;
            }
        }
        points[slot] = p;
        cells[slot] = new CellKey(cellOf(p));
        allCells.computeIfAbsent(cells[slot], k -> new Slots()).add(slot);
        neighbours[slot] = count;
        size++;
        if (count >= minPoints || nearCore) {
            dirty = true; // a core or border point: it is in a hotspot
        }
    }

    private void evictOldest() {
        int slot = oldest;
        double[] p = points[slot];
        if (neighbours[slot] >= minPoints) {
            dirty = true; // a core point leaves
        }
        oldest = (oldest + 1) % windowSize;
        size--;
        for (int i = 0; i < size; i++) {
            int other = (oldest + i) % windowSize;
            if (distanceSquared(p, points[other]) <= radiusSquared) {
                int n = neighbours[other]--;
                if (n >= minPoints) {
                    dirty = true; // a border point leaves, or a core point stops being one
                }
            }
        }
        Slots cell = allCells.get(cells[slot]);
        cell.remove(slot);
        if (cell.size == 0) {
            allCells.remove(cells[slot]);
        }
        points[slot] = null;
        cells[slot] = null;
    }

    /** The hotspots of the current window, densest first. */
    public List<Hotspot> hotspots() {
        if (dirty) {
            clusters = clusters();
            dirty = false;
        }
        return withDensity(clusters);
    }

    /**
     * The hotspots' densities depend on the whole window (its size and extent), so they are
     * computed for every call; the hotspots' points only when they may have changed.
     */
    private List<Hotspot> withDensity(List<Cluster> clusters) {
        if (clusters.isEmpty()) {
            return List.of();
        }
        double[] windowMin = new double[dimensions];
        double[] windowMax = new double[dimensions];
        Arrays.fill(windowMin, Double.POSITIVE_INFINITY);
        Arrays.fill(windowMax, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < size; i++) {
            double[] p = points[(oldest + i) % windowSize];
            for (int d = 0; d < dimensions; d++) {
                windowMin[d] = Math.min(windowMin[d], p[d]);
                windowMax[d] = Math.max(windowMax[d], p[d]);
            }
        }
        List<Hotspot> result = new ArrayList<>(clusters.size());
        for (Cluster c : clusters) {
            double density =
                    Hotspot.densityOf(c.count, size, c.min, c.max, windowMin, windowMax, radius);
            result.add(new Hotspot(density, c.count, c.min.clone(), c.max.clone()));
        }
        result.sort(
                Comparator.comparingDouble(Hotspot::density)
                        .reversed()
                        .thenComparing(Comparator.comparingInt(Hotspot::points).reversed()));
        return result;
    }

    private record Cluster(int count, double[] min, double[] max) {}

    private List<Cluster> clusters() {
        // Core points by cell, in window order (so results do not depend on hashing).
        Map<CellKey, CoreCell> coreCells = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            int slot = (oldest + i) % windowSize;
            if (neighbours[slot] >= minPoints) {
                CellKey key = cells[slot];
                CoreCell cell = coreCells.get(key);
                if (cell == null) {
                    cell = new CoreCell(key, coreCells.size());
                    coreCells.put(key, cell);
                }
                cell.add(slot);
            }
        }
        if (coreCells.isEmpty()) {
            return List.of();
        }
        List<CoreCell> cellList = new ArrayList<>(coreCells.values());
        UnionFind components = new UnionFind(cellList.size());
        for (CoreCell a : cellList) {
            forEachCellInReach(
                    a,
                    coreCells,
                    cellList,
                    b -> {
                        if (b.index > a.index
                                && components.find(a.index) != components.find(b.index)
                                && connected(a, b)) {
                            components.union(a.index, b.index);
                        }
                        return false;
                    });
        }

        Map<Integer, Builder> builders = new LinkedHashMap<>();
        for (CoreCell cell : cellList) {
            Builder builder =
                    builders.computeIfAbsent(
                            components.find(cell.index), k -> new Builder(dimensions));
            for (int j = 0; j < cell.size; j++) {
                builder.add(points[cell.slots[j]]);
            }
        }
        // Border points: non-core points within radius of a core point, each counted once.
        if (offsets != null) {
            boolean[] assigned = new boolean[windowSize];
            for (CoreCell core : cellList) {
                Builder builder = builders.get(components.find(core.index));
                for (int[] offset : offsets) {
                    Slots cell = allCells.get(core.key.plus(offset));
                    if (cell == null) {
                        continue;
                    }
                    for (int j = 0; j < cell.size; j++) {
                        int slot = cell.slots[j];
                        if (assigned[slot] || neighbours[slot] >= minPoints) {
                            continue;
                        }
                        if (withinRadiusOfAny(points[slot], core)) {
                            assigned[slot] = true;
                            builder.add(points[slot]);
                        }
                    }
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                int slot = (oldest + i) % windowSize;
                if (neighbours[slot] >= minPoints || neighbours[slot] == 1) {
                    continue;
                }
                double[] p = points[slot];
                for (CoreCell core : cellList) {
                    if (minCellDistanceSquared(cells[slot].coordinates, core.key.coordinates)
                                    <= radiusSquared
                            && withinRadiusOfAny(p, core)) {
                        builders.get(components.find(core.index)).add(p);
                        break;
                    }
                }
            }
        }

        List<Cluster> result = new ArrayList<>(builders.size());
        for (Builder builder : builders.values()) {
            result.add(new Cluster(builder.count, builder.min, builder.max));
        }
        return List.copyOf(result);
    }

    private boolean withinRadiusOfAny(double[] p, CoreCell cell) {
        for (int j = 0; j < cell.size; j++) {
            if (distanceSquared(p, points[cell.slots[j]]) <= radiusSquared) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when some core point of {@code a} lies within radius of some core point of {@code b}.
     */
    private boolean connected(CoreCell a, CoreCell b) {
        if (maxCellDistanceSquared(a.key.coordinates, b.key.coordinates) <= radiusSquared) {
            return true;
        }
        for (int i = 0; i < a.size; i++) {
            double[] p = points[a.slots[i]];
            for (int j = 0; j < b.size; j++) {
                if (distanceSquared(p, points[b.slots[j]]) <= radiusSquared) {
                    return true;
                }
            }
        }
        return false;
    }

    private interface CellVisitor {
        /** Returns true to stop visiting. */
        boolean visit(CoreCell cell);
    }

    private void forEachCellInReach(
            CoreCell cell, Map<CellKey, CoreCell> coreCells, List<CoreCell> all, CellVisitor v) {
        forEachCellInReach(cell.key, coreCells, all, v);
    }

    /** Visits the core cells (the cell itself included) that can hold a point within radius. */
    private void forEachCellInReach(
            CellKey key, Map<CellKey, CoreCell> coreCells, List<CoreCell> all, CellVisitor v) {
        if (offsets != null && offsets.length <= all.size()) {
            for (int[] offset : offsets) {
                CoreCell other = coreCells.get(key.plus(offset));
                if (other != null && v.visit(other)) {
                    return;
                }
            }
        } else {
            for (CoreCell other : all) {
                if (minCellDistanceSquared(key.coordinates, other.key.coordinates) <= radiusSquared
                        && v.visit(other)) {
                    return;
                }
            }
        }
    }

    private double minCellDistanceSquared(long[] a, long[] b) {
        double sum = 0;
        for (int d = 0; d < dimensions; d++) {
            long gap = Math.max(Math.abs(a[d] - b[d]) - 1, 0);
            double g = gap * cellSide;
            sum += g * g;
        }
        return sum;
    }

    private double maxCellDistanceSquared(long[] a, long[] b) {
        double sum = 0;
        for (int d = 0; d < dimensions; d++) {
            double g = (Math.abs(a[d] - b[d]) + 1) * cellSide;
            sum += g * g;
        }
        return sum;
    }

    private long[] cellOf(double[] p) {
        long[] cell = new long[dimensions];
        for (int d = 0; d < dimensions; d++) {
            cell[d] = (long) Math.floor(p[d] / cellSide);
        }
        return cell;
    }

    private static double distanceSquared(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            double diff = a[d] - b[d];
            sum += diff * diff;
        }
        return sum;
    }

    /**
     * All cell offsets whose cells can hold a point within radius of a point of the centre cell:
     * with cells of side radius/√d, at most ⌈√d⌉ cells away in each dimension. Null when there are
     * more than {@link #MAX_NEIGHBOUR_OFFSETS}.
     */
    private static int[][] neighbourOffsets(int dimensions) {
        int reach = (int) Math.ceil(Math.sqrt(dimensions));
        int width = 2 * reach + 1;
        double total = Math.pow(width, dimensions);
        if (total > MAX_NEIGHBOUR_OFFSETS) {
            return null;
        }
        List<int[]> result = new ArrayList<>();
        int[] offset = new int[dimensions];
        Arrays.fill(offset, -reach);
        while (true) {
            // Gap between the cells in units of cell side; in reach when gap² <= d.
            long gapSquared = 0;
            for (int o : offset) {
                long gap = Math.max(Math.abs(o) - 1, 0);
                gapSquared += gap * gap;
            }
            if (gapSquared <= dimensions) {
                result.add(offset.clone());
            }
            int d = 0;
            while (d < dimensions && offset[d] == reach) {
                offset[d] = -reach;
                d++;
            }
            if (d == dimensions) {
                break;
            }
            offset[d]++;
        }
        return result.toArray(new int[0][]);
    }

    private record CellKey(long[] coordinates) {
        CellKey plus(int[] offset) {
            long[] c = coordinates.clone();
            for (int d = 0; d < c.length; d++) {
                c[d] += offset[d];
            }
            return new CellKey(c);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CellKey other && Arrays.equals(coordinates, other.coordinates);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(coordinates);
        }

        @Override
        public String toString() {
            return Arrays.toString(coordinates);
        }
    }

    /** Slots of the points in one cell. */
    private static final class Slots {
        int[] slots = new int[2];
        int size;

        void add(int slot) {
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
            }
            slots[size++] = slot;
        }

        /** Removes a slot, keeping the others in window order (so results are reproducible). */
        void remove(int slot) {
            for (int i = 0; i < size; i++) {
                if (slots[i] == slot) {
                    System.arraycopy(slots, i + 1, slots, i, size - i - 1);
                    size--;
                    return;
                }
            }
        }
    }

    private static final class CoreCell {
        final CellKey key;
        final int index;
        int[] slots = new int[4];
        int size;

        CoreCell(CellKey key, int index) {
            this.key = key;
            this.index = index;
        }

        void add(int slot) {
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
            }
            slots[size++] = slot;
        }
    }

    private static final class UnionFind {
        private final int[] parent;

        UnionFind(int n) {
            parent = new int[n];
            for (int i = 0; i < n; i++) {
                parent[i] = i;
            }
        }

        int find(int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra != rb) {
                parent[Math.max(ra, rb)] = Math.min(ra, rb);
            }
        }
    }

    private static final class Builder {
        final double[] min;
        final double[] max;
        int count;

        Builder(int dimensions) {
            min = new double[dimensions];
            max = new double[dimensions];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        void add(double[] p) {
            count++;
            for (int d = 0; d < p.length; d++) {
                min[d] = Math.min(min[d], p[d]);
                max[d] = Math.max(max[d], p[d]);
            }
        }
    }

    /** For tests: the hotspots recomputed from scratch, ignoring what is cached. */
    List<Hotspot> recompute() {
        return withDensity(clusters());
    }
}
