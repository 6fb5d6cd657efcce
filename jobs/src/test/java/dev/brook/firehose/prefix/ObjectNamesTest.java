package dev.brook.firehose.prefix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectNamesTest {

    private static final String UUID_TEXT = "a9fa96af-e4e4-409f-bac3-1f804714faaa";

    @Test
    void namesObjectsLikeFirehose() {
        long at = Instant.parse("2019-08-09T23:55:09.731Z").toEpochMilli();
        assertThat(ObjectNames.objectName("my-delivery-stream", 1, at, UUID_TEXT, ""))
                .isEqualTo("my-delivery-stream-1-2019-08-09-23-55-09-" + UUID_TEXT);
        assertThat(ObjectNames.objectName("clicks.v2_x", 12, at, UUID_TEXT, ".parquet"))
                .isEqualTo("clicks.v2_x-12-2019-08-09-23-55-09-" + UUID_TEXT + ".parquet");
        assertThat(ObjectNames.objectName("s", 1, at, UUID_TEXT, null))
                .isEqualTo("s-1-2019-08-09-23-55-09-" + UUID_TEXT);
    }

    @Test
    void usesTheCustomTimeZone() {
        long at = Instant.parse("2019-08-09T23:55:09Z").toEpochMilli();
        assertThat(ObjectNames.objectName("s", 1, at, UUID_TEXT, ".gz", ZoneId.of("Asia/Tokyo")))
                .isEqualTo("s-1-2019-08-10-08-55-09-" + UUID_TEXT + ".gz");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a b", "ü"})
    void rejectsStreamNamesFirehoseWouldReject(String name) {
        assertThatThrownBy(() -> ObjectNames.objectName(name, 1, 0L, UUID_TEXT, ".gz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delivery stream name \"" + name + "\"");
    }

    @Test
    void rejectsBadVersionExtensionAndUuid() {
        assertThatThrownBy(() -> ObjectNames.objectName("a".repeat(65), 1, 0L, UUID_TEXT, ""))
                .hasMessageContaining("1 to 64 characters");
        assertThatThrownBy(() -> ObjectNames.objectName("s", 0, 0L, UUID_TEXT, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version must be at least 1, was 0");
        assertThatThrownBy(() -> ObjectNames.objectName("s", 1, 0L, UUID_TEXT, "gz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be empty or start with '.'");
        assertThatThrownBy(() -> ObjectNames.objectName("s", 1, 0L, "a/b", ".gz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uuid");
    }

    /** The name's time, read back, is the creation time truncated to the second, in UTC. */
    @Test
    void timeReadsBackAsTheCreationSecond() {
        Long fixed = Long.getLong("brook.test.seed");
        long seed = fixed != null ? fixed : new Random().nextLong();
        Random random = new Random(seed);
        Pattern shape =
                Pattern.compile(
                        "stream-(\\d+)-(\\d{4})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-(.+)\\.gz");
        for (int i = 0; i < 1000; i++) {
            long at = (long) (random.nextDouble() * 32_503_680_000_000L);
            int version = 1 + random.nextInt(1000);
            String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
            String name = ObjectNames.objectName("stream", version, at, uuid, ".gz");
            String context = "seed " + seed + " (-Dbrook.test.seed), at " + at + ": " + name;
            Matcher m = shape.matcher(name);
            assertThat(m.matches()).as(context).isTrue();
            LocalDateTime time =
                    LocalDateTime.of(
                            Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)),
                            Integer.parseInt(m.group(4)),
                            Integer.parseInt(m.group(5)),
                            Integer.parseInt(m.group(6)),
                            Integer.parseInt(m.group(7)));
            assertThat(time.toInstant(ZoneOffset.UTC))
                    .as(context)
                    .isEqualTo(Instant.ofEpochMilli(at).truncatedTo(ChronoUnit.SECONDS));
            assertThat(Integer.parseInt(m.group(1))).as(context).isEqualTo(version);
            assertThat(m.group(8)).as(context).isEqualTo(uuid);
        }
    }
}
