package dev.brook.source;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.source.split.BrookShardSplit;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;

/** A split restored into a read of the other boundedness fails at once, naming why. */
class BrookSourceBoundednessTest {
    private static final BrookShardSplit OF_BOUNDED_READ =
            BrookShardSplit.at("shardId-000000000000", 0, 42);
    private static final BrookShardSplit OF_UNBOUNDED_READ =
            BrookShardSplit.at("shardId-000000000000", 0, BrookShardSplit.NO_STOP);

    @Test
    void aBoundedReadRefusesASplitOfAnUnboundedRead() {
        assertThatThrownBy(() -> OF_UNBOUNDED_READ.checkBoundedness(true, "s"))
                .isInstanceOf(SuppressRestartsException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stream 's' is bounded")
                .hasMessageContaining("taken by an unbounded read");
    }

    @Test
    void anUnboundedReadRefusesASplitOfABoundedRead() {
        assertThatThrownBy(() -> OF_BOUNDED_READ.checkBoundedness(false, "s"))
                .isInstanceOf(SuppressRestartsException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stream 's' is unbounded")
                .hasMessageContaining("taken by a bounded read");
    }

    @Test
    void splitsOfTheSameBoundednessPass() {
        assertThatCode(() -> OF_BOUNDED_READ.checkBoundedness(true, "s"))
                .doesNotThrowAnyException();
        assertThatCode(() -> OF_UNBOUNDED_READ.checkBoundedness(false, "s"))
                .doesNotThrowAnyException();
    }
}
