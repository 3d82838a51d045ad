package io.multisystem.symbolic.proof;

import io.multisystem.symbolic.expr.Term;

import java.util.List;
import java.util.Objects;

/**
 * A step-by-step proof that {@code start} equals {@code goal}: applying the steps in order to {@code start} gives
 * terms ending in {@code goal} (an empty list when they are equal). Immutable; validated by {@link ProofChecker},
 * not by construction.
 */
public record Proof(Term start, Term goal, List<ProofStep> steps) {
    public Proof {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(goal, "goal");
        steps = List.copyOf(steps);
    }

    /** The proof read right to left: from {@code goal} to {@code start}, each step inverted. */
    public Proof reversed() {
        java.util.ArrayList<ProofStep> out = new java.util.ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            ProofStep step = steps.get(i);
            Term before = i == 0 ? start : steps.get(i - 1).term();
            out.add(new ProofStep(step.kind(), step.rule(), step.direction() == ProofStep.Direction.FORWARD
                    ? ProofStep.Direction.BACKWARD : ProofStep.Direction.FORWARD, step.position(),
                    step.substitution(), before));
        }
        return new Proof(goal, start, out);
    }

    /** The whole term before step {@code k} ({@code start} for the first step). */
    public Term termBefore(int k) {
        return k == 0 ? start : steps.get(k - 1).term();
    }

    /** The subterm that step {@code k} replaces (at its position, in the term before it). */
    public Term replacedSubterm(int k) {
        return termBefore(k).subterm(steps.get(k).position());
    }

    /** The subterm that step {@code k} puts in its place. */
    public Term replacementSubterm(int k) {
        return steps.get(k).term().subterm(steps.get(k).position());
    }

    /** This proof followed by {@code next}, which must start where this one ends. */
    public Proof then(Proof next) {
        if (!goal.equals(next.start)) {
            throw new IllegalArgumentException("cannot chain a proof ending in " + goal + " with one starting at " + next.start);
        }
        java.util.ArrayList<ProofStep> all = new java.util.ArrayList<>(steps);
        all.addAll(next.steps);
        return new Proof(start, next.goal, all);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(start.toString());
        for (int k = 0; k < steps.size(); k++) {
            ProofStep step = steps.get(k);
            out.append("\n  = ").append(step.term()).append("\n      by ")
                    .append(step.kind() == ProofStep.Kind.CONSTANT_FOLD ? ProofStep.CONSTANT_FOLD_RULE : step.rule())
                    .append(step.direction() == ProofStep.Direction.BACKWARD ? " (right to left)" : "")
                    .append(" at ").append(step.position());
            if (!step.substitution().isEmpty()) {
                out.append(" with ").append(step.substitution());
            }
            if (termBefore(k).hasPosition(step.position()) && step.term().hasPosition(step.position())) {
                out.append(": ").append(replacedSubterm(k)).append(" -> ").append(replacementSubterm(k));
            }
        }
        return out.toString();
    }
}
