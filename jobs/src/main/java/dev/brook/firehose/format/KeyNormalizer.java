package dev.brook.firehose.format;

import java.util.Locale;

/**
 * Applies OpenX's key options to JSON keys and column names alike, so they meet in one form. {@code
 * String.replace} and {@code toLowerCase} return the same string when nothing changes, so keys
 * already in normal form cost no allocation.
 */
final class KeyNormalizer {
    private final boolean lowerCase;
    private final boolean dotsToUnderscores;

    KeyNormalizer(OpenXJsonOptions options) {
        this.lowerCase = options.caseInsensitive();
        this.dotsToUnderscores = options.convertDotsInJsonKeysToUnderscores();
    }

    String normalize(String key) {
        String k = dotsToUnderscores ? key.replace('.', '_') : key;
        return lowerCase ? k.toLowerCase(Locale.ROOT) : k;
    }
}
