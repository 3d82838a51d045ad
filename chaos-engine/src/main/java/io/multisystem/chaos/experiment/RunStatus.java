package io.multisystem.chaos.experiment;

/** How a run ended (Chaos Toolkit's journal statuses). */
public enum RunStatus {
    /** Still running. */
    RUNNING,
    /** The method ran to its end. Check {@code deviated} for the hypothesis after it. */
    COMPLETED,
    /** The hypothesis was not met before the method, or an activity failed (a target vanished...). */
    FAILED,
    /** Stopped early: the hypothesis was violated during the method or between rollout stages, or abort was asked. */
    ABORTED,
    /** The engine shut down during the run. */
    INTERRUPTED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
