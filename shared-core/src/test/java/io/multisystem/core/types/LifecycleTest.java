package io.multisystem.core.types;

import io.multisystem.core.error.FailedPreconditionException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {

    @Test
    void followsTheNormalPathAndTellsListeners() {
        Lifecycle lifecycle = new Lifecycle("engine");
        List<String> seen = new ArrayList<>();
        lifecycle.onTransition((from, to) -> seen.add(from + "->" + to));

        lifecycle.moveTo(LifecycleState.STARTING);
        lifecycle.moveTo(LifecycleState.RUNNING);
        lifecycle.moveTo(LifecycleState.DEGRADED);
        lifecycle.moveTo(LifecycleState.RUNNING);
        lifecycle.moveTo(LifecycleState.STOPPING);
        lifecycle.moveTo(LifecycleState.STOPPED);

        assertThat(seen).containsExactly("CREATED->STARTING", "STARTING->RUNNING", "RUNNING->DEGRADED",
                "DEGRADED->RUNNING", "RUNNING->STOPPING", "STOPPING->STOPPED");
        assertThat(lifecycle.current().isTerminal()).isTrue();
    }

    @Test
    void illegalTransitionIsAnErrorNamingBothStatesAndLeavesTheStateUnchanged() {
        Lifecycle lifecycle = new Lifecycle("engine");

        assertThatThrownBy(() -> lifecycle.moveTo(LifecycleState.RUNNING))
                .isInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("CREATED").hasMessageContaining("RUNNING")
                .satisfies(e -> assertThat(((FailedPreconditionException) e).code())
                        .isEqualTo(Lifecycle.ILLEGAL_TRANSITION));
        assertThat(lifecycle.current()).isEqualTo(LifecycleState.CREATED);
    }

    @Test
    void stoppedIsFinalAndFailedMayRestart() {
        assertThat(LifecycleState.STOPPED.successors()).isEmpty();
        assertThat(LifecycleState.FAILED.canMoveTo(LifecycleState.STARTING)).isTrue();
        for (LifecycleState state : LifecycleState.values()) {
            if (state != LifecycleState.STOPPED) {
                assertThat(state.canMoveTo(LifecycleState.FAILED) || state == LifecycleState.FAILED).isTrue();
            }
        }
    }

    @Test
    void moveIfOnlyMovesFromTheExpectedState() {
        Lifecycle lifecycle = new Lifecycle("engine");
        assertThat(lifecycle.moveIf(LifecycleState.RUNNING, LifecycleState.STOPPING)).isFalse();
        assertThat(lifecycle.moveIf(LifecycleState.CREATED, LifecycleState.STARTING)).isTrue();
        assertThat(lifecycle.current()).isEqualTo(LifecycleState.STARTING);
    }

    @Test
    void healthOfACompositeIsTheWorstPart() {
        assertThat(HealthStatus.SERVING.worst(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.NOT_SERVING.worst(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.NOT_SERVING);
        assertThat(HealthStatus.DEGRADED.isServing()).isTrue();
        assertThat(HealthStatus.UNKNOWN.isServing()).isFalse();
    }
}
