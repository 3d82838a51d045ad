package io.multisystem.attestation.log;

import java.util.Objects;
import java.util.Optional;

/** The outcome of verifying a Merkle proof: valid, or the {@link ProofFailure} and a sentence saying why. Immutable. */
public final class ProofVerification {
    private static final ProofVerification VALID = new ProofVerification(null, "the proof is valid");

    private final ProofFailure failure;
    private final String detail;

    private ProofVerification(ProofFailure failure, String detail) {
        this.failure = failure;
        this.detail = detail;
    }

    public static ProofVerification valid() {
        return VALID;
    }

    public static ProofVerification failed(ProofFailure failure, String detail) {
        return new ProofVerification(Objects.requireNonNull(failure, "failure"), Objects.requireNonNull(detail));
    }

    public boolean isValid() {
        return failure == null;
    }

    /** Why the proof was rejected; empty when it is valid. */
    public Optional<ProofFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** A human-readable explanation. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return failure == null ? "VALID" : failure + ": " + detail;
    }
}
