package dev.brook.firehose.format;

import java.util.Random;

/** Seeds for property tests: random, or {@code -Dbrook.test.seed=...} to replay a failure. */
final class Seeds {
    private Seeds() {}

    static long seed() {
        Long fixed = Long.getLong("brook.test.seed");
        return fixed != null ? fixed : new Random().nextLong();
    }
}
