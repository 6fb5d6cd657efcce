package dev.brook.sql.functions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The in-memory working copies of the partitions a function instance has recently seen (a forest, a
 * window index), least recently used first out. Everything in it can be rebuilt from the
 * partition's Flink state, which the functions keep complete after every row: evicting an entry
 * costs a rebuild the next time its partition shows up, never data.
 */
public final class PartitionCache<V> {
    private final LinkedHashMap<Object, V> entries;

    public PartitionCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1: " + capacity);
        }
        this.entries =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Object, V> eldest) {
                        return size() > capacity;
                    }
                };
    }

    /** The entry for {@code key}, or null. */
    public V get(Object key) {
        return entries.get(key);
    }

    public void put(Object key, V value) {
        entries.put(key, value);
    }

    public void remove(Object key) {
        entries.remove(key);
    }

    public int size() {
        return entries.size();
    }

    /** Reads a positive integer job parameter ({@code pipeline.global-job-parameters}). */
    public static int intParameter(String value, String name) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "job parameter " + name + " must be a positive integer, was '" + value + "'");
        }
    }
}
