package io.multisystem.symbolic.rewrite;

import io.multisystem.symbolic.expr.InputErrors;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named rewrite rule {@code lhs => rhs}, applicable where all its conditions hold. Every variable of the right side
 * and of the conditions occurs in the left side, so a match of the left side determines the whole substitution.
 * Immutable.
 */
public record Rule(String name, Pattern lhs, Pattern rhs, List<Condition> conditions) {
    /**
     * @throws io.multisystem.core.error.InvalidInputException {@code RULE_UNBOUND_VARIABLE} if the right side or a
     *     condition uses a variable the left side does not bind
     */
    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lhs, "lhs");
        Objects.requireNonNull(rhs, "rhs");
        conditions = List.copyOf(conditions);
        Set<String> bound = lhs.variables();
        for (String variable : rhs.variables()) {
            if (!bound.contains(variable)) {
                throw InputErrors.invalid("RULE_UNBOUND_VARIABLE", "rule " + name + ": variable " + variable
                        + " of the right side does not occur in the left side; bind it on the left");
            }
        }
        for (Condition condition : conditions) {
            for (String variable : condition.variables()) {
                if (!bound.contains(variable)) {
                    throw InputErrors.invalid("RULE_UNBOUND_VARIABLE", "rule " + name + ": condition '" + condition
                            + "' uses " + variable + ", which the left side does not bind");
                }
            }
        }
    }

    public Rule(String name, Pattern lhs, Pattern rhs) {
        this(name, lhs, rhs, List.of());
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(name).append(": ").append(lhs).append(" => ").append(rhs);
        for (Condition condition : conditions) {
            out.append(" if ").append(condition);
        }
        return out.toString();
    }
}
