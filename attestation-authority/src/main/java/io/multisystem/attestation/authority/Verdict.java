package io.multisystem.attestation.authority;

import io.multisystem.attestation.intoto.Statement;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying one attestation. Immutable.
 *
 * @param valid           whether every check passed
 * @param reasons         distinct reason codes, in the order found; empty exactly when valid
 * @param details         one sentence per finding
 * @param attestationId   lowercase hex SHA-256 of the envelope's PAE bytes; empty when the envelope was unreadable
 * @param statement       the parsed statement, when readable
 * @param verifiedSigners key ids whose signature and chain passed every check
 * @param logIndex        the attestation's log index, or -1 when not logged
 */
public record Verdict(boolean valid, List<VerdictReason> reasons, List<String> details, String attestationId,
        Optional<Statement> statement, List<String> verifiedSigners, long logIndex) {
    public Verdict {
        reasons = List.copyOf(reasons);
        details = List.copyOf(details);
        verifiedSigners = List.copyOf(verifiedSigners);
    }
}
