package dev.brook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionKeyTableTest {
    private static ShardRouter evenRouter(int count) {
        List<HashKeyRange> ranges = HashKeyRange.even(count);
        List<ShardMetadata> shards = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shards.add(new ShardMetadata(ShardIds.format(i), ranges.get(i), List.of(), 1, null));
        }
        return new ShardRouter(new StreamMetadata("s", 1, 0, 1, 1, 1, count, shards, Map.of()));
    }

    /** Keys of every kind: short ASCII, at and over the inline limit, and not ASCII. */
    private static String randomKey(Random rnd, int distinct) {
        int n = rnd.nextInt(distinct);
        return switch (n % 5) {
            case 0 -> "user-" + n;
            case 1 -> "k".repeat(PartitionKeyTable.MAX_INLINE_KEY - 6) + String.format("%06d", n);
            case 2 -> "k".repeat(PartitionKeyTable.MAX_INLINE_KEY - 5) + String.format("%06d", n);
            case 3 -> "caf\u00e9-" + n;
            default -> "x".repeat(1 + n % 200) + n;
        };
    }

    private static void assertFound(
            PartitionKeyTable table, String key, ShardRouter router, long seed) {
        int slot = table.find(key);
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        int off = table.keyOffset(slot);
        assertThat(table.keyLength(slot)).as("seed %s, key %s", seed, key).isEqualTo(utf8.length);
        assertThat(Arrays.copyOfRange(table.keyBytes(slot), off, off + utf8.length))
                .as("seed %s, key %s", seed, key)
                .isEqualTo(utf8);
        assertThat(table.entry(slot).key()).as("seed %s", seed).isEqualTo(key);
        assertThat(table.shardIndex(slot, router))
                .as("seed %s, key %s", seed, key)
                .isEqualTo(router.indexOf(HashKey.ofPartitionKey(key)));
    }

    @Test
    void everyLookupGivesTheKeysBytesAndShardAcrossRoutersAndGrowth() {
        long seed = TestSupport.seed();
        Random rnd = new Random(seed);
        PartitionKeyTable table = new PartitionKeyTable(new PartitionKeyCache());
        ShardRouter router = evenRouter(4);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            if (i % 20_000 == 19_999) {
                router = evenRouter(1 + rnd.nextInt(300));
                table.forgetShards();
            }
            String key;
            int pick = rnd.nextInt(3);
            if (pick == 0 || seen.isEmpty()) {
                key = randomKey(rnd, 5_000);
                seen.add(key);
            } else if (pick == 1) {
                key = seen.get(rnd.nextInt(seen.size())); // the same String again
            } else {
                key = new String(seen.get(rnd.nextInt(seen.size()))); // an equal one
            }
            assertFound(table, key, router, seed);
        }
    }

    @Test
    void aFullTableStartsOverAndStaysRight() {
        PartitionKeyTable table = new PartitionKeyTable(new PartitionKeyCache());
        ShardRouter router = evenRouter(16);
        int max = 1 << (PartitionKeyTable.MAX_BITS - 1);
        for (int k = 0; k < max + 10; k++) {
            assertFound(table, "user-" + k, router, 0);
        }
        assertThat(table.size()).as("started over once full").isEqualTo(10);
        for (int k = 0; k < 100; k++) {
            assertFound(table, "user-" + k, router, 0);
        }
    }

    @Test
    void badKeysFailNamingTheRule() {
        PartitionKeyTable table = new PartitionKeyTable(new PartitionKeyCache());
        assertThatThrownBy(() -> table.find(null)).hasMessageContaining("partition key");
        assertThatThrownBy(() -> table.find("")).hasMessageContaining("partition key");
        assertThatThrownBy(() -> table.find("x".repeat(257))).hasMessageContaining("256");
        assertThat(table.size()).isZero();
    }
}
