package io.multisystem.attestation.checkpoint;

import java.util.Optional;

/**
 * The outcome of {@link CheckpointVerifier#verify}. Immutable.
 *
 * @param checkpoint the verified checkpoint; present only when verified
 * @param problem    {@code null} when verified
 * @param detail     a sentence explaining the outcome
 */
public record CheckpointVerification(Optional<Checkpoint> checkpoint, NoteProblem problem, String detail) {
    public boolean isVerified() {
        return problem == null;
    }

    public Optional<NoteProblem> problemIfAny() {
        return Optional.ofNullable(problem);
    }
}
