package dev.brook.sql.functions.rcf;

import dev.brook.sql.functions.PartitionCache;
import java.util.List;
import org.apache.flink.table.api.dataview.ListView;

/**
 * Keeps each partition's {@link ForestModel} in Flink keyed state without serializing a forest per
 * row. The state of a partition is a snapshot of its model (bytes, rewritten every {@code
 * snapshotInterval} rows) plus the rows learnt since (appended one by one): the model is always
 * exactly "snapshot + replay of those rows", so a checkpoint taken after any row restores a model
 * that has learnt every row before it and none after. Working copies of the models live in a {@link
 * PartitionCache}; a partition missing from it (after a restore, a rescale, or an eviction) is
 * rebuilt from its state.
 */
final class ForestStore {
    private final PartitionCache<Entry> cache;
    private final int snapshotInterval;

    ForestStore(int cachedForests, int snapshotInterval) {
        this.cache = new PartitionCache<>(cachedForests);
        this.snapshotInterval = snapshotInterval;
    }

    /** A partition's model and how many rows its state holds beside the snapshot. */
    static final class Entry {
        final ForestModel model;
        int rowsSinceSnapshot;

        Entry(ForestModel model, int rowsSinceSnapshot) {
            this.model = model;
            this.rowsSinceSnapshot = rowsSinceSnapshot;
        }
    }

    /**
     * The model of partition {@code key}: the cached one, else the one its state describes, else a
     * new one.
     */
    ForestModel model(
            List<Object> key,
            ListView<byte[]> snapshot,
            ListView<double[]> rowsSinceSnapshot,
            ForestParameters parameters,
            int columns)
            throws Exception {
        Entry entry = cache.get(key);
        if (entry == null) {
            entry = load(key, snapshot, rowsSinceSnapshot, parameters, columns);
            cache.put(key, entry);
        }
        return entry.model;
    }

    /** Records in state that the model of {@code key} has just learnt {@code values}. */
    void learnt(
            List<Object> key,
            double[] values,
            ListView<byte[]> snapshot,
            ListView<double[]> rowsSinceSnapshot)
            throws Exception {
        Entry entry = cache.get(key);
        if (entry.rowsSinceSnapshot + 1 >= snapshotInterval) {
            snapshot.clear();
            snapshot.add(entry.model.toBytes());
            rowsSinceSnapshot.clear();
            entry.rowsSinceSnapshot = 0;
        } else {
            rowsSinceSnapshot.add(values);
            entry.rowsSinceSnapshot++;
        }
    }

    private static Entry load(
            List<Object> key,
            ListView<byte[]> snapshot,
            ListView<double[]> rowsSinceSnapshot,
            ForestParameters parameters,
            int columns)
            throws Exception {
        long seed = seed(key);
        byte[] bytes = first(snapshot.get());
        ForestModel model;
        if (bytes == null) {
            model = ForestModel.create(parameters, columns, seed);
        } else {
            model = ForestModel.fromBytes(bytes, seed);
            if (model.columns() != columns) {
                throw new IllegalStateException(
                        "the forest in state has "
                                + model.columns()
                                + " columns, the input has "
                                + columns);
            }
        }
        int replayed = 0;
        Iterable<double[]> rows = rowsSinceSnapshot.get();
        if (rows != null) {
            for (double[] values : rows) {
                model.update(values);
                replayed++;
            }
        }
        return new Entry(model, replayed);
    }

    /**
     * The random seed of a partition's forest: derived from its key, so a run without failures
     * gives the same scores every time.
     */
    static long seed(List<Object> key) {
        long h = 0x9E3779B97F4A7C15L ^ key.hashCode();
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }

    private static byte[] first(Iterable<byte[]> values) {
        if (values == null) {
            return null;
        }
        for (byte[] value : values) {
            return value;
        }
        return null;
    }
}
