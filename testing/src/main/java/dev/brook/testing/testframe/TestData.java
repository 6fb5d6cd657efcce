package dev.brook.testing.testframe;

import java.util.Random;

/** Random strings for test data. */
final class TestData {
    private static final char[] ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private TestData() {}

    static String alphanumeric(Random random, int minLength, int maxLength) {
        int len = minLength + random.nextInt(maxLength - minLength + 1);
        char[] c = new char[len];
        for (int i = 0; i < len; i++) {
            c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }
}
