package dev.brook.store;

/**
 * Learns where each published record landed. Called for every record of a batch in which any record
 * has a tag (with a null tag for those without one); never for a batch without tags.
 */
@FunctionalInterface
public interface PublishListener<T> {
    void published(T tag, String shardId, long offset, long arrivalMillis);
}
