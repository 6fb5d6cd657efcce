package dev.brook.store.segment;

import dev.brook.store.BrookException;

/** A segment whose bytes fail a check: a torn tail, a bad checksum, a wrong magic number. */
public class CorruptSegmentException extends BrookException {
    public CorruptSegmentException(String path, String what) {
        super("CorruptSegmentException", "corrupted segment " + path + ": " + what);
    }
}
