package io.multisystem.symbolic.smt;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The answer of an SMT run. {@code model} maps each declared constant to its value (SMT-LIB syntax) when
 * satisfiable, and {@code modelChecked} says every assertion evaluated to true under it; {@code unsatCore} lists the
 * assertions (as SMT-LIB text) that are unsatisfiable together; {@code reason} explains {@link Status#UNKNOWN}
 * (typically a timeout).
 */
public record SmtResult(Status status, Map<String, String> model, boolean modelChecked, List<String> unsatCore,
                        String reason, Duration elapsed) {
    public enum Status { SATISFIABLE, UNSATISFIABLE, UNKNOWN }

    public SmtResult {
        model = Map.copyOf(model);
        unsatCore = List.copyOf(unsatCore);
    }
}
