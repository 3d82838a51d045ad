package io.multisystem.attestation.authority;

import io.multisystem.attestation.dsse.Envelope;
import io.multisystem.attestation.keys.KeyId;

import java.time.Instant;
import java.util.Objects;

/**
 * A registered issuer: a key with a verified grant (self-signed for a root, signed by its parent otherwise).
 *
 * @param grant         the grant, whose signature was checked when the record was made
 * @param grantEnvelope the signed grant as registered
 * @param depth         0 for a root, parent depth + 1 otherwise
 * @param logIndex      index of the log entry that registered it
 * @param loggedAt      its log time
 */
public record IssuerRecord(Grant grant, Envelope grantEnvelope, int depth, long logIndex, Instant loggedAt) {
    public IssuerRecord {
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(grantEnvelope, "grantEnvelope");
        Objects.requireNonNull(loggedAt, "loggedAt");
    }

    public KeyId key() {
        return grant.delegate();
    }

    public boolean isRoot() {
        return grant.root();
    }
}
