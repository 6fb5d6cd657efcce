package dev.brook.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordGeneratorTest {

    @Test
    void sameSeedSameRecords() {
        List<TestRecord> a = RecordGenerator.withSeed(42).keys(5).payloadLength(0, 20).next(500);
        List<TestRecord> b = RecordGenerator.withSeed(42).keys(5).payloadLength(0, 20).next(500);
        assertThat(a).isEqualTo(b);
        assertThat(RecordGenerator.withSeed(43).keys(5).payloadLength(0, 20).next(500))
                .isNotEqualTo(a);
    }

    @Test
    void eachKeyCountsOneTwoThreeAcrossCalls() {
        RecordGenerator gen = RecordGenerator.withSeed(7).keys(3).keyPrefix("user-");
        List<TestRecord> records = gen.next(100);
        records.addAll(gen.next(50));
        Map<String, Long> last = new HashMap<>();
        for (TestRecord r : records) {
            assertThat(r.key()).matches("user-[0-2]");
            assertThat(r.value()).isEqualTo(r.key() + "#" + r.sequence());
            assertThat(r.sequence()).isEqualTo(last.merge(r.key(), 1L, Long::sum));
        }
        assertThat(gen.lastSequences()).isEqualTo(last);
        assertThat(last.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(150);
    }

    @Test
    void payloadsHaveTheAskedLengths() {
        for (TestRecord r : RecordGenerator.withSeed(1).payloadLength(3, 8).next(300)) {
            String[] parts = r.value().split("#");
            assertThat(parts).hasSize(3);
            assertThat(parts[2]).matches("[a-zA-Z0-9]{3,8}");
            assertThat(RecordGenerator.sequenceOf(r.value())).isEqualTo(Long.parseLong(parts[1]));
        }
    }

    @Test
    void seedComesFromTheSystemProperty() {
        String before = System.getProperty(RecordGenerator.SEED_PROPERTY);
        try {
            System.setProperty(RecordGenerator.SEED_PROPERTY, "12345");
            RecordGenerator gen = RecordGenerator.create();
            assertThat(gen.seed()).isEqualTo(12345);
            assertThat(gen).hasToString("RecordGenerator[seed=12345]");
            assertThat(gen.next(10)).isEqualTo(RecordGenerator.withSeed(12345).next(10));
            System.setProperty(RecordGenerator.SEED_PROPERTY, "x");
            assertThatThrownBy(RecordGenerator::create)
                    .hasMessageContaining("-Dbrook.seed must be a long, got 'x'");
        } finally {
            if (before == null) {
                System.clearProperty(RecordGenerator.SEED_PROPERTY);
            } else {
                System.setProperty(RecordGenerator.SEED_PROPERTY, before);
            }
        }
    }

    @Test
    void badSettingsAndValuesAreNamed() {
        RecordGenerator gen = RecordGenerator.withSeed(0);
        assertThatThrownBy(() -> gen.keys(0)).hasMessageContaining("key count");
        assertThatThrownBy(() -> gen.keyPrefix("a#")).hasMessageContaining("'#'");
        assertThatThrownBy(() -> gen.payloadLength(5, 2)).hasMessageContaining("5..2");
        assertThatThrownBy(() -> RecordGenerator.sequenceOf("plain"))
                .hasMessageContaining("not a generated value");
        assertThatThrownBy(() -> RecordGenerator.sequenceOf("k#x#y"))
                .hasMessageContaining("not a generated value");
    }
}
