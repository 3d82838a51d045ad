package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.rewrite.RuleSet;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Equality saturation over a rule set: simplification by extraction, and proofs of equalities. Each call builds a
 * fresh e-graph, so an instance is stateless and may be shared between threads; each call runs on the caller's
 * thread. Every result carries a step-by-step {@link io.multisystem.symbolic.proof.Proof} that
 * {@link io.multisystem.symbolic.proof.ProofChecker} can verify independently.
 */
public interface EqualitySaturator {

    /** A saturator measuring time with {@link System#nanoTime()}. */
    static EqualitySaturator create(RuleSet rules) {
        return create(rules, System::nanoTime);
    }

    /** A saturator measuring time with the given nanosecond ticker (inject a fake one in tests). */
    static EqualitySaturator create(RuleSet rules, LongSupplier nanoTicker) {
        return new EGraphSaturator(Objects.requireNonNull(rules, "rules"), Objects.requireNonNull(nanoTicker, "nanoTicker"));
    }

    /**
     * Saturates from {@code term} within the limits and extracts the cheapest equivalent term. Stopping at a limit is
     * not an error: the result is the best found so far, and the report says which limit stopped the run.
     */
    SimplificationResult simplify(Term term, Limits limits, CostFunction costFunction);

    /**
     * Saturates from {@code lhs} until {@code rhs} is in the same e-class (stop reason
     * {@link StopReason#GOAL_REACHED}, with a proof from lhs to rhs) or a limit or saturation stops the run (no proof).
     * The right side is not added to the e-graph beforehand; it is looked up after every iteration.
     */
    ProofSearchResult prove(Term lhs, Term rhs, Limits limits);
}
