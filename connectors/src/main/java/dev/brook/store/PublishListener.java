package dev.brook.store;

/** Learns where each published record landed. */
@FunctionalInterface
public interface PublishListener<T> {
    void published(T tag, String shardId, long offset, long arrivalMillis);
}
