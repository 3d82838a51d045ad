package io.multisystem.attestation.dsse;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome for one signature of an envelope.
 *
 * @param index    position of the signature in the envelope
 * @param keyId    the signature's {@code keyid} hint as written (may be empty)
 * @param verifiedBy key id of the trusted key that verified it, when valid
 * @param problem  {@code null} when valid, else {@link EnvelopeProblem#UNKNOWN_KEY} or
 *                 {@link EnvelopeProblem#SIGNATURE_INVALID}
 * @param detail   a sentence explaining the outcome
 */
public record SignatureCheck(int index, String keyId, String verifiedBy, EnvelopeProblem problem, String detail) {
    public SignatureCheck {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean isValid() {
        return problem == null;
    }

    public Optional<EnvelopeProblem> problemIfAny() {
        return Optional.ofNullable(problem);
    }
}
