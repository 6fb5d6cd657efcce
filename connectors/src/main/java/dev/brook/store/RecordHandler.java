package dev.brook.store;

/**
 * Receives records as they are read, one call per record, in offset order per shard. Reading into a
 * handler skips the list a poll would otherwise fill: each record is handled while its bytes are
 * still in the CPU cache from the checksum, and only records the handler keeps stay alive.
 */
@FunctionalInterface
public interface RecordHandler {
    void handle(Record record);
}
