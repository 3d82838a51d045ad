package io.multisystem.attestation.dsse;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of {@link EnvelopeVerifier}: whether the envelope is accepted, why not, and what happened to each
 * signature. Immutable.
 *
 * @param envelope       the parsed envelope; empty only when it was {@link EnvelopeProblem#MALFORMED_ENVELOPE}
 * @param problems       why the envelope is rejected, most decisive first; empty exactly when it is accepted
 * @param signatures     one check per signature, in envelope order
 * @param verifiedKeyIds the distinct trusted keys (by key id) that validly signed
 * @param detail         a sentence summarising the outcome
 */
public record EnvelopeVerification(Optional<Envelope> envelope, List<EnvelopeProblem> problems,
        List<SignatureCheck> signatures, Set<String> verifiedKeyIds, String detail) {
    public EnvelopeVerification {
        problems = List.copyOf(problems);
        signatures = List.copyOf(signatures);
        verifiedKeyIds = Set.copyOf(verifiedKeyIds);
    }

    public boolean isVerified() {
        return problems.isEmpty();
    }

    /** The most decisive problem; empty when verified. */
    public Optional<EnvelopeProblem> primaryProblem() {
        return problems.stream().findFirst();
    }
}
