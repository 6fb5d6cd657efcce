package dev.brook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ShardIdsTest {
    @Test
    void formatsAsKinesisDoes() {
        assertThat(ShardIds.format(0)).isEqualTo("shardId-000000000000");
        assertThat(ShardIds.format(7)).isEqualTo("shardId-000000000007");
        assertThat(ShardIds.format(999_999_999_999L)).isEqualTo("shardId-999999999999");
    }

    @Test
    void roundTrip() {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            long ord = (rnd.nextLong() >>> 1) % 1_000_000_000_000L >>> rnd.nextInt(40);
            String id = ShardIds.format(ord);
            assertThat(id).as("seed %d", seed).hasSize(20).startsWith("shardId-");
            assertThat(ShardIds.ordinal(id)).as("seed %d", seed).isEqualTo(ord);
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "shardId-1",
                "shardId-0000000000001",
                "shard-000000000001",
                "SHARDID-000000000001",
                "shardId-00000000000a",
                "shardId--00000000001",
                "shardId-+00000000001",
                "shardId- 0000000001",
                "shardId-00000000000\u0661" // Arabic-Indic one
            })
    void malformedIdsAreRejected(String bad) {
        assertThatThrownBy(() -> ShardIds.ordinal(bad))
                .isInstanceOf(BrookException.class)
                .hasMessageContaining("invalid shard id")
                .hasMessageContaining("12 digits");
    }
}
