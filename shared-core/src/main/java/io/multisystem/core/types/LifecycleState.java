package io.multisystem.core.types;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a long-running component (a service, an engine, an experiment, a node):
 *
 * <pre>
 * CREATED ─▶ STARTING ─▶ RUNNING ◀─▶ DEGRADED
 *               │           │            │
 *               ▼           ▼            ▼
 *            FAILED ◀── STOPPING ─▶ STOPPED
 * </pre>
 * Any state but STOPPED may fail; a FAILED component may be started again; STOPPED is final. Use {@link Lifecycle}
 * to hold a current state and enforce the transitions.
 */
public enum LifecycleState {
    CREATED, STARTING, RUNNING, DEGRADED, STOPPING, STOPPED, FAILED;

    /** The states this one may move to. */
    public Set<LifecycleState> successors() {
        return switch (this) {
            case CREATED -> EnumSet.of(STARTING, STOPPED, FAILED);
            case STARTING -> EnumSet.of(RUNNING, DEGRADED, STOPPING, FAILED);
            case RUNNING -> EnumSet.of(DEGRADED, STOPPING, FAILED);
            case DEGRADED -> EnumSet.of(RUNNING, STOPPING, FAILED);
            case STOPPING -> EnumSet.of(STOPPED, FAILED);
            case STOPPED -> EnumSet.noneOf(LifecycleState.class);
            case FAILED -> EnumSet.of(STARTING, STOPPED);
        };
    }

    public boolean canMoveTo(LifecycleState next) {
        return successors().contains(next);
    }

    /** Whether the component does useful work in this state. */
    public boolean isActive() {
        return this == RUNNING || this == DEGRADED;
    }

    /** Whether no transition leads out of this state. */
    public boolean isTerminal() {
        return successors().isEmpty();
    }
}
