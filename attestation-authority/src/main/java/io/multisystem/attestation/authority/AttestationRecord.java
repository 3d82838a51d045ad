package io.multisystem.attestation.authority;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A logged attestation.
 *
 * @param id          lowercase hex SHA-256 of the envelope's PAE bytes
 * @param statusIndex its bit in the status list
 * @param logIndex    its log entry
 * @param loggedAt    its log time (also the start of its validity)
 * @param notAfter    end of validity, when set at issue
 * @param signers     key ids that signed it at issue
 */
public record AttestationRecord(String id, long statusIndex, long logIndex, Instant loggedAt,
        Optional<Instant> notAfter, List<String> signers) {
    public AttestationRecord {
        signers = List.copyOf(signers);
    }
}
