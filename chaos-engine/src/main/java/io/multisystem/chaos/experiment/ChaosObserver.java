package io.multisystem.chaos.experiment;

import java.time.Duration;

/** Hooks for metrics: the service wires Micrometer counters and timers to them. Called from run threads. */
public interface ChaosObserver {
    default void experimentFinished(RunStatus status, boolean deviated, Duration duration) {
    }

    default void faultInjected(String kind) {
    }

    default void faultReverted(String kind) {
    }

    default void hypothesisChecked(boolean met) {
    }

    ChaosObserver NONE = new ChaosObserver() {
    };
}
