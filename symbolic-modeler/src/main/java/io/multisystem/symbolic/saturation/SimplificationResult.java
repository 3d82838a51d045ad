package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.proof.Proof;

/**
 * The cheapest term found equal to the input.
 *
 * @param best   the extracted term
 * @param cost   its cost
 * @param proof  a proof that the input equals {@code best}
 * @param report how the run ended
 */
public record SimplificationResult(Term best, double cost, Proof proof, SaturationReport report) {
}
