package dev.brook.store;

import static dev.brook.store.TestSupport.randomKey;
import static dev.brook.store.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing must match Kinesis: hash key = MD5(UTF-8 partition key) as an unsigned integer. */
class HashKeyTest {
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

    /** The reference, computed independently of the code under test. */
    static BigInteger md5(String key) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        return new BigInteger(1, md.digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void partitionKeyHashIsMd5OfUtf8ForRandomKeys() throws Exception {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            String key = randomKey(rnd, 1 + rnd.nextInt(256));
            BigInteger expected = md5(key);
            HashKey h = HashKey.ofPartitionKey(key);
            assertThat(h.toBigInteger()).as("key %s, seed %d", key, seed).isEqualTo(expected);
            assertThat(h.toString()).as("seed %d", seed).isEqualTo(expected.toString());
            // The byte-array variant, with the key at an offset inside a larger buffer.
            byte[] k = utf8(key);
            byte[] buf = new byte[k.length + 7];
            System.arraycopy(k, 0, buf, 3, k.length);
            assertThat(HashKey.ofPartitionKeyBytes(buf, 3, k.length))
                    .as("seed %d", seed)
                    .isEqualTo(h);
        }
    }

    @ParameterizedTest
    @CsvSource({
        // RFC 1321 test suite and well-known digests, as hex.
        "a, 0cc175b9c0f1b6a831c399e269772661",
        "abc, 900150983cd24fb0d6963f7d28e17f72",
        "message digest, f96b697d7cb7938d525a2f31aaf161d0",
        "abcdefghijklmnopqrstuvwxyz, c3fcd3d76192e4007dfb496cca67e13b",
        "The quick brown fox jumps over the lazy dog, 9e107d9d372bb6826bd81d3542a419d6",
    })
    void knownDigests(String key, String hex) throws Exception {
        BigInteger expected = new BigInteger(hex, 16);
        assertThat(md5(key)).isEqualTo(expected); // the reference itself is right
        assertThat(HashKey.ofPartitionKey(key).toBigInteger()).isEqualTo(expected);
    }

    @Test
    void digestsWithTheHighBitSetAreUnsigned() throws Exception {
        // MD5("a") starts with 0x0c, MD5("message digest") with 0xf9: the latter must not be
        // negative, and must compare above the former.
        HashKey low = HashKey.ofPartitionKey("a");
        HashKey high = HashKey.ofPartitionKey("message digest");
        assertThat(high.toBigInteger().signum()).isPositive();
        assertThat(high.toBigInteger()).isGreaterThan(TWO_128.shiftRight(1));
        assertThat(high).isGreaterThan(low);
    }

    @Test
    void bigIntegerConversionAndOrderRoundTrip() {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            BigInteger a = new BigInteger(128, rnd).shiftRight(rnd.nextInt(128));
            BigInteger b = new BigInteger(128, rnd).shiftRight(rnd.nextInt(128));
            HashKey ha = HashKey.of(a);
            HashKey hb = HashKey.of(b);
            assertThat(ha.toBigInteger()).as("seed %d", seed).isEqualTo(a);
            assertThat(HashKey.parse(a.toString())).as("seed %d", seed).isEqualTo(ha);
            assertThat(Integer.signum(ha.compareTo(hb)))
                    .as("%s vs %s, seed %d", a, b, seed)
                    .isEqualTo(a.compareTo(b));
            byte[] buf = new byte[20];
            ha.writeTo(buf, 2);
            assertThat(HashKey.fromBytes(buf, 2)).as("seed %d", seed).isEqualTo(ha);
        }
        assertThat(HashKey.MAX.toBigInteger()).isEqualTo(TWO_128.subtract(BigInteger.ONE));
        assertThat(HashKey.MIN.toBigInteger()).isZero();
        assertThat(HashKey.parse("0")).isEqualTo(HashKey.MIN);
        assertThat(HashKey.parse(TWO_128.subtract(BigInteger.ONE).toString()))
                .isEqualTo(HashKey.MAX);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-1",
                "340282366920938463463374607431768211456", // 2^128
                "999999999999999999999999999999999999999999",
                "abc",
                "12x",
                "",
                " 1",
                "1.5"
            })
    void invalidHashKeysAreRejectedNamingTheRange(String bad) {
        assertThatThrownBy(() -> HashKey.parse(bad))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("invalid hash key")
                .hasMessageContaining("2^128-1")
                .satisfies(
                        e ->
                                assertThat(((BrookException) e).errorCode())
                                        .isEqualTo("InvalidArgumentException"));
    }

    @Test
    void nullHashKeyIsRejected() {
        assertThatThrownBy(() -> HashKey.parse(null)).isInstanceOf(BrookException.class);
    }
}
