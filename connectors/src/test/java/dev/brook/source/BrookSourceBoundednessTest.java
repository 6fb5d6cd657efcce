package dev.brook.source;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.source.enumerator.BrookEnumeratorState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restoring state of the other boundedness fails at once, naming why, instead of misreading. */
class BrookSourceBoundednessTest {
    @TempDir Path dir;

    private static final BrookEnumeratorState UNBOUNDED_STATE =
            new BrookEnumeratorState(
                    Set.of("shardId-000000000000"), Set.of(), List.of(), Map.of(), Map.of(), true);
    private static final BrookEnumeratorState BOUNDED_STATE =
            new BrookEnumeratorState(
                    Set.of("shardId-000000000000"),
                    Set.of(),
                    List.of(),
                    Map.of(),
                    Map.of("shardId-000000000000", 42L),
                    true);

    @Test
    void aBoundedSourceRefusesTheStateOfAnUnboundedRead() {
        BrookSource<String> bounded = source(true);
        assertThatThrownBy(() -> bounded.restoreEnumerator(null, UNBOUNDED_STATE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stream 's' is bounded")
                .hasMessageContaining("taken by an unbounded read");
    }

    @Test
    void anUnboundedSourceRefusesTheStateOfABoundedRead() {
        BrookSource<String> unbounded = source(false);
        assertThatThrownBy(() -> unbounded.restoreEnumerator(null, BOUNDED_STATE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stream 's' is unbounded")
                .hasMessageContaining("taken by a bounded read");
    }

    private BrookSource<String> source(boolean bounded) {
        BrookSource.Builder<String> b =
                BrookSource.<String>builder().root(dir.toString()).stream("s")
                        .deserializer(new SimpleStringSchema());
        return (bounded ? b.bounded() : b).build();
    }
}
