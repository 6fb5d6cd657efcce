package dev.brook.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class FailingMapTest {

    @Test
    void failsAfterNRecordsUntilTheBudgetIsSpent() throws Exception {
        FailingMap<String> f = FailingMap.failAfter(3, 2);
        assertThat(f.failuresInjected()).isZero();
        assertThat(f.map("a")).isEqualTo("a");
        assertThat(f.map("b")).isEqualTo("b");
        assertThatThrownBy(() -> f.map("c"))
                .isInstanceOf(FailingMap.InjectedFailure.class)
                .hasMessage("injected failure 1 of 2, after 3 records in subtask 0 (attempt 0)");

        // A restarted task is a fresh copy of the function: it counts again, and shares the budget.
        FailingMap<String> second = InstantiationUtil.clone(f);
        second.map("a");
        second.map("b");
        assertThatThrownBy(() -> second.map("c")).hasMessageStartingWith("injected failure 2 of 2");
        FailingMap<String> third = InstantiationUtil.clone(f);
        for (int i = 0; i < 10; i++) {
            assertThat(third.map("x" + i)).isEqualTo("x" + i);
        }
        assertThat(f.failuresInjected()).isEqualTo(2);
        assertThat(third.failuresInjected()).isEqualTo(2);
    }

    @Test
    void instancesCountApart() throws Exception {
        FailingMap<Integer> a = FailingMap.failAfter(1, 1);
        FailingMap<Integer> b = FailingMap.failAfter(1, 1);
        assertThatThrownBy(() -> a.map(1)).isInstanceOf(FailingMap.InjectedFailure.class);
        assertThatThrownBy(() -> b.map(1)).isInstanceOf(FailingMap.InjectedFailure.class);
        assertThat(a.failuresInjected()).isEqualTo(1);
        assertThat(b.failuresInjected()).isEqualTo(1);
    }

    @Test
    void zeroFailuresNeverFails() throws Exception {
        FailingMap<Integer> f = FailingMap.failAfter(1, 0);
        assertThat(f.map(7)).isEqualTo(7);
        assertThat(f.failuresInjected()).isZero();
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> FailingMap.failAfter(0, 1)).hasMessageContaining("afterRecords");
        assertThatThrownBy(() -> FailingMap.failAfter(1, -1)).hasMessageContaining("failures");
    }
}
