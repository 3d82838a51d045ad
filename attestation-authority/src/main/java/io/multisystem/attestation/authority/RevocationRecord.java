package io.multisystem.attestation.authority;

import java.time.Instant;

/**
 * A recorded revocation.
 *
 * @param seq         its sequence number (0, 1, ...), also its order
 * @param target      what kind of thing was revoked
 * @param targetId    attestation id or key id
 * @param reason      RFC 5280 reason
 * @param effectiveAt from when it applies ("compromised at"): things signed at or after it, by log time, are revoked
 * @param revokedAt   when it was recorded (its log time)
 * @param logIndex    its log entry
 */
public record RevocationRecord(long seq, RevocationTarget target, String targetId, RevocationReason reason,
        Instant effectiveAt, Instant revokedAt, long logIndex) {
}
