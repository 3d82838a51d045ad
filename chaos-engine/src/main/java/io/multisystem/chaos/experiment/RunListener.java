package io.multisystem.chaos.experiment;

/** Receives a run's progress; called from the run's thread (and the hypothesis checker), must not block for long. */
@FunctionalInterface
public interface RunListener {
    void onEvent(RunEvent event);

    RunListener NONE = event -> {
    };
}
