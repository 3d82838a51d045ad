package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.proof.Proof;

import java.util.Optional;

/**
 * The outcome of trying to prove {@code lhs = rhs}.
 *
 * @param proof  present exactly when the equality was proved (then {@code report.stopReason()} is
 *               {@link StopReason#GOAL_REACHED})
 * @param report how the run ended
 */
public record ProofSearchResult(Optional<Proof> proof, SaturationReport report) {
    public boolean proved() {
        return proof.isPresent();
    }
}
