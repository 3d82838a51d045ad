package io.multisystem.core.types;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.Severity;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * The current {@link LifecycleState} of one component, changed only along legal transitions. Thread-safe: each
 * transition is an atomic compare-and-set, and listeners run on the thread that made the transition, after it.
 */
public final class Lifecycle {
    /** Error code of an illegal transition. */
    public static final String ILLEGAL_TRANSITION = "ILLEGAL_LIFECYCLE_TRANSITION";

    private final String component;
    private final AtomicReference<LifecycleState> state = new AtomicReference<>(LifecycleState.CREATED);
    private final List<BiConsumer<LifecycleState, LifecycleState>> listeners = new CopyOnWriteArrayList<>();

    public Lifecycle(String component) {
        this.component = Objects.requireNonNull(component, "component");
    }

    public LifecycleState current() {
        return state.get();
    }

    /**
     * Moves to {@code next}.
     *
     * @throws FailedPreconditionException code {@value #ILLEGAL_TRANSITION} if the current state cannot move to
     *         {@code next}; the state is then unchanged
     */
    public void moveTo(LifecycleState next) {
        while (true) {
            LifecycleState from = state.get();
            if (!from.canMoveTo(next)) {
                throw new FailedPreconditionException(component, ILLEGAL_TRANSITION, Severity.OPERATIONAL,
                        component + " cannot move from " + from + " to " + next + "; allowed from " + from + ": "
                                + from.successors(),
                        Map.of("from", from.name(), "to", next.name()), null);
            }
            if (state.compareAndSet(from, next)) {
                listeners.forEach(listener -> listener.accept(from, next));
                return;
            }
        }
    }

    /** Moves to {@code next} only if the current state is {@code expected}; returns whether it did. */
    public boolean moveIf(LifecycleState expected, LifecycleState next) {
        if (!expected.canMoveTo(next)) {
            throw new IllegalArgumentException(expected + " can never move to " + next);
        }
        boolean moved = state.compareAndSet(expected, next);
        if (moved) {
            listeners.forEach(listener -> listener.accept(expected, next));
        }
        return moved;
    }

    /** Registers a listener called with (from, to) after every transition. */
    public void onTransition(BiConsumer<LifecycleState, LifecycleState> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
