package io.multisystem.symbolic.sat;

import java.time.Duration;
import java.util.List;

/**
 * The answer of a SAT run. For {@link Status#SATISFIABLE}: {@code model} lists one literal per variable (v or -v)
 * and {@code modelChecked} says the model was re-evaluated against every clause. For {@link Status#UNSATISFIABLE}:
 * {@code unsatCore} lists 1-based indices of clauses that are unsatisfiable together. {@link Status#UNKNOWN} means
 * the timeout stopped the search.
 */
public record SatResult(Status status, List<Integer> model, boolean modelChecked, List<Integer> unsatCore,
                        Duration elapsed) {
    public enum Status { SATISFIABLE, UNSATISFIABLE, UNKNOWN }

    public SatResult {
        model = List.copyOf(model);
        unsatCore = List.copyOf(unsatCore);
    }
}
