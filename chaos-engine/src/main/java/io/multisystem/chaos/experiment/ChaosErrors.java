package io.multisystem.chaos.experiment;

/** Error codes of experiments (component {@value #COMPONENT}); part of the API contract. */
public final class ChaosErrors {
    public static final String COMPONENT = "chaos-engine";
    /** The experiment document is malformed; each violation's field is a JSON pointer into it. */
    public static final String INVALID_EXPERIMENT = "INVALID_EXPERIMENT";
    /** The experiment would exceed its own or the engine's blast-radius budget. */
    public static final String BLAST_RADIUS_EXCEEDED = "BLAST_RADIUS_EXCEEDED";
    /** A selector matched fewer targets than it requires (e.g. mode one with none). */
    public static final String NO_TARGETS = "NO_TARGETS";
    /** A selector would hit a protected process (pid 1, the engine itself or its ancestors). */
    public static final String PROTECTED_TARGET = "PROTECTED_TARGET";
    /** No experiment run has the given id. */
    public static final String RUN_NOT_FOUND = "RUN_NOT_FOUND";
    /** The fault journal cannot be written; no fault is injected without it. */
    public static final String JOURNAL_UNAVAILABLE = "JOURNAL_UNAVAILABLE";
    /** A probe or action provider could not reach what it needs. */
    public static final String PROVIDER_FAILED = "PROVIDER_FAILED";

    /** cloud-kernel-agent is configured for cgroup actions but does not answer (FAILED_PRECONDITION). */
    public static final String KERNEL_AGENT_UNAVAILABLE = "KERNEL_AGENT_UNAVAILABLE";
    /** The cgroup a limit was applied to no longer exists. */
    public static final String CGROUP_GONE = "CGROUP_GONE";

    private ChaosErrors() {
    }
}
