package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Term;

import java.util.Objects;

/**
 * An equality to test: {@code lhs => rhs} (expected to be proved) or {@code lhs =/> rhs} (expected not to be), within
 * {@code limits}.
 */
public record Goal(String name, Term lhs, Term rhs, boolean expectProved, Limits limits) {
    public Goal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lhs, "lhs");
        Objects.requireNonNull(rhs, "rhs");
        Objects.requireNonNull(limits, "limits");
    }
}
