package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.InputErrors;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one equality-saturation run: iterations, e-nodes (hashcons entries, as egg counts them) and wall-clock
 * time. Checked before each iteration and after each rule's search and application, so a run may overshoot the node
 * limit by what one rule adds.
 *
 * @param iterations at least 1
 * @param nodes      at least 1
 * @param time       positive
 */
public record Limits(int iterations, int nodes, Duration time) {
    /** egg's defaults: 30 iterations, 10,000 e-nodes, 5 seconds. */
    public static final Limits DEFAULT = new Limits(30, 10_000, Duration.ofSeconds(5));

    /**
     * @throws io.multisystem.core.error.InvalidInputException {@code INVALID_LIMIT} naming the bad limit
     */
    public Limits {
        Objects.requireNonNull(time, "time");
        if (iterations < 1) {
            throw InputErrors.invalid("INVALID_LIMIT", "iteration limit must be at least 1, was " + iterations);
        }
        if (nodes < 1) {
            throw InputErrors.invalid("INVALID_LIMIT", "node limit must be at least 1, was " + nodes);
        }
        if (time.isNegative() || time.isZero()) {
            throw InputErrors.invalid("INVALID_LIMIT", "time limit must be positive, was " + time);
        }
    }

    public Limits withIterations(int value) {
        return new Limits(value, nodes, time);
    }

    public Limits withNodes(int value) {
        return new Limits(iterations, value, time);
    }

    public Limits withTime(Duration value) {
        return new Limits(iterations, nodes, value);
    }
}
