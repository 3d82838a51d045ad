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

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(start.toString());
        for (ProofStep step : steps) {
            out.append("\n  = ").append(step);
        }
        return out.toString();
    }
}
