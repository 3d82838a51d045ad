package io.multisystem.symbolic.proof;

import io.multisystem.symbolic.expr.Term;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rewrite of a whole term: at {@code position}, the subterm is replaced, giving {@code term}.
 *
 * <ul>
 *   <li>{@link Kind#REWRITE}: an instance of rule {@code rule} under {@code substitution} (variable with '?' to
 *       term); {@link Direction#FORWARD} replaces lhs[σ] by rhs[σ], {@link Direction#BACKWARD} replaces rhs[σ] by
 *       lhs[σ].</li>
 *   <li>{@link Kind#CONSTANT_FOLD}: {@code rule} is {@value #CONSTANT_FOLD_RULE} and the substitution is empty;
 *       FORWARD replaces an operator applied to constants by its value, BACKWARD the reverse.</li>
 *   <li>{@link Kind#CANONICALIZE}: a canonicalisation step ({@code rule} names the operation, e.g.
 *       {@code canonical-multiply}); FORWARD replaces an arithmetic operator ({@code + - * /}, integer {@code pow})
 *       applied to canonical forms by the canonical form of the result (expanded, collected, in lowest terms),
 *       BACKWARD the reverse; the substitution is empty.</li>
 * </ul>
 *
 * @param term the whole term after the step
 */
public record ProofStep(Kind kind, String rule, Direction direction, List<Integer> position,
                        Map<String, Term> substitution, Term term) {
    public static final String CONSTANT_FOLD_RULE = "constant-fold";

    public ProofStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(direction, "direction");
        position = List.copyOf(position);
        substitution = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(substitution));
        Objects.requireNonNull(term, "term");
    }

    public enum Kind { REWRITE, CONSTANT_FOLD, CANONICALIZE }

    public enum Direction { FORWARD, BACKWARD }

    @Override
    public String toString() {
        return (kind == Kind.CONSTANT_FOLD ? CONSTANT_FOLD_RULE : rule)
                + (direction == Direction.BACKWARD ? " (right to left)" : "")
                + " at " + position + (substitution.isEmpty() ? "" : " with " + substitution) + " => " + term;
    }
}
