package dev.brook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceNumberTest {

    static SequenceNumber random(Random rnd) {
        long ord =
                rnd.nextInt(4) == 0
                        ? rnd.nextInt(10)
                        : (rnd.nextLong() >>> 1) % (SequenceNumber.MAX_ORDINAL + 1);
        long off =
                switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextInt(1000);
                    case 1 -> Long.MAX_VALUE - rnd.nextInt(1000);
                    default -> (rnd.nextLong() >>> 1) >>> rnd.nextInt(63);
                };
        return new SequenceNumber(ord, off);
    }

    @Test
    void formatParseRoundTripAtFixedWidthWithStringOrderEqualToNumericOrder() {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        for (int i = 0; i < 50_000; i++) {
            SequenceNumber a = random(rnd);
            SequenceNumber b =
                    rnd.nextInt(8) == 0
                            ? new SequenceNumber(a.shardOrdinal(), a.offset() ^ 1)
                            : random(rnd);
            String sa = a.toString();
            String sb = b.toString();
            assertThat(sa).as("seed %d", seed).hasSize(32).matches("[0-9]{32}");
            assertThat(SequenceNumber.parse(sa)).as("seed %d", seed).isEqualTo(a);
            // The decimal string's numeric value orders exactly like the string itself...
            int byString = Integer.signum(sa.compareTo(sb));
            assertThat(Integer.signum(new BigInteger(sa).compareTo(new BigInteger(sb))))
                    .as("%s vs %s, seed %d", sa, sb, seed)
                    .isEqualTo(byString);
            // ... and like (shard ordinal, offset).
            assertThat(Integer.signum(a.compareTo(b)))
                    .as("%s vs %s, seed %d", sa, sb, seed)
                    .isEqualTo(byString);
        }
    }

    @Test
    void encodesOrdinalThenOffset() {
        assertThat(new SequenceNumber(0, 0)).hasToString("00000000000000000000000000000000");
        assertThat(new SequenceNumber(3, 42)).hasToString("00000000000300000000000000000042");
        assertThat(new SequenceNumber(SequenceNumber.MAX_ORDINAL, Long.MAX_VALUE))
                .hasToString("99999999999909223372036854775807");
        // A child (higher ordinal) at offset 0 sorts after its parent's last record.
        assertThat(new SequenceNumber(1, 0).toString())
                .isGreaterThan(new SequenceNumber(0, Long.MAX_VALUE).toString());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "0000000000030000000000000000004", // 31 digits
                "000000000003000000000000000000420", // 33 digits
                "0000000000030000000000000000004x",
                "-0000000000300000000000000000042",
                "+0000000000300000000000000000042",
                " 0000000000300000000000000000042",
                "000000000003000000000000000000\u0664\u0662", // Arabic-Indic digits
                "00000000000399999999999999999999", // offset part above Long.MAX_VALUE
            })
    void badSequenceNumbersAreRejected(String bad) {
        assertThatThrownBy(() -> SequenceNumber.parse(bad))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("invalid sequence number")
                .satisfies(
                        e ->
                                assertThat(((BrookException) e).errorCode())
                                        .isEqualTo("InvalidArgumentException"));
        assertThatThrownBy(() -> StartingPosition.atSequenceNumber(bad))
                .isInstanceOf(BrookException.class);
        assertThatThrownBy(() -> StartingPosition.afterSequenceNumber(bad))
                .isInstanceOf(BrookException.class);
    }

    @Test
    void outOfRangeComponentsAreRejected() {
        assertThatThrownBy(() -> new SequenceNumber(-1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequenceNumber(SequenceNumber.MAX_ORDINAL + 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequenceNumber(0, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
