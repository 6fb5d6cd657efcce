package dev.brook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionKeyCacheTest {
    @Test
    void everyKeyOfAWorkingSetThatFitsIsHashedOnce() {
        PartitionKeyCache cache = new PartitionKeyCache(); // up to 32 768 keys
        List<PartitionKeyCache.Entry> first = new ArrayList<>();
        for (int k = 0; k < 20_000; k++) {
            first.add(cache.get(String.format("user-%05d", k)));
        }
        for (int k = 0; k < 20_000; k++) {
            // An equal key, not the same String: found by value, the very entry made first.
            assertThat(cache.get(new String(String.format("user-%05d", k)))).isSameAs(first.get(k));
        }
    }

    @Test
    void entriesAreRightWhenTheKeysOverflowTheCache() {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        PartitionKeyCache cache = new PartitionKeyCache(4); // up to 8 keys, then starts over
        for (int i = 0; i < 5_000; i++) {
            String key = "k" + rnd.nextInt(50) + "\u00e9";
            PartitionKeyCache.Entry e = cache.get(key);
            assertThat(e.key()).as("seed %s", seed).isEqualTo(key);
            assertThat(e.utf8()).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
            assertThat(e.hashKey()).isEqualTo(HashKey.ofPartitionKey(key));
            assertThat(e.high()).isEqualTo(e.hashKey().high());
        }
    }

    @Test
    void threadsSharingACacheThatKeepsStartingOverGetRightEntries() throws Exception {
        long seed = TestSupport.seed();
        PartitionKeyCache cache = new PartitionKeyCache(3); // up to 4 keys: cleared all the time
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Random rnd = new Random(seed + t);
            threads.add(
                    new Thread(
                            () -> {
                                try {
                                    for (int i = 0; i < 20_000; i++) {
                                        // A new String each time, as Flink's deserializers make.
                                        String key = new String("key-" + rnd.nextInt(40));
                                        PartitionKeyCache.Entry e = cache.get(key);
                                        assertThat(e.key()).as("seed %s", seed).isEqualTo(key);
                                        assertThat(e.hashKey())
                                                .as("seed %s", seed)
                                                .isEqualTo(HashKey.ofPartitionKey(key));
                                    }
                                } catch (Throwable e) {
                                    failures.add(e);
                                }
                            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).as("seed %s", seed).isEmpty();
    }

    @Test
    void badKeysFailNamingTheRule() {
        PartitionKeyCache cache = new PartitionKeyCache();
        assertThatThrownBy(() -> cache.get(null)).hasMessageContaining("partition key");
        assertThatThrownBy(() -> cache.get("")).hasMessageContaining("partition key");
        assertThatThrownBy(() -> cache.get("x".repeat(257))).hasMessageContaining("256");
    }
}
