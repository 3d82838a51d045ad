package io.multisystem.attestation.checkpoint;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link NoteVerifier#verify}: the parsed note, which trusted keys verified it, and the problem when
 * it was rejected. Immutable.
 *
 * @param note            the parsed note; empty when it was malformed
 * @param verifiedBy      names of the trusted keys whose signatures verified
 * @param unverifiedCount signatures by keys the verifier does not know (ignored, as the spec says)
 * @param problem         {@code null} when verified
 * @param detail          a sentence explaining the outcome
 */
public record NoteVerification(Optional<SignedNote> note, List<String> verifiedBy, int unverifiedCount,
        NoteProblem problem, String detail) {
    public NoteVerification {
        verifiedBy = List.copyOf(verifiedBy);
    }

    public boolean isVerified() {
        return problem == null;
    }

    public Optional<NoteProblem> problemIfAny() {
        return Optional.ofNullable(problem);
    }
}
