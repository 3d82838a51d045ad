package io.multisystem.attestation.authority;

import java.util.Optional;

/**
 * The revocation status of a logged attestation.
 *
 * @param record        the attestation's record
 * @param revocation    its own revocation, if any
 * @param keyRevocation a revocation of a key in a signer's chain that covers it (effective at or before its log time)
 */
public record AttestationStatus(AttestationRecord record, Optional<RevocationRecord> revocation,
        Optional<RevocationRecord> keyRevocation) {
    public boolean isRevoked() {
        return revocation.isPresent() || keyRevocation.isPresent();
    }
}
