package io.multisystem.attestation.authority;

import io.multisystem.attestation.keys.KeyId;

import java.util.Optional;

/**
 * What a verification may know about the world: registered issuers, logged attestations and revocations. The
 * authority answers from its caches and database; an offline verifier answers from a bundle of files.
 * Implementations are thread-safe.
 */
public interface TrustView {
    /** The issuer with this key, its grant already checked, when registered. */
    Optional<IssuerRecord> issuer(KeyId key);

    /** Whether {@code key}'s root grant is trusted here (a root registered with, or given to, the verifier). */
    boolean isTrustedRoot(KeyId key);

    /** The logged attestation with this id. */
    Optional<AttestationRecord> attestation(String id);

    /** The revocation of this attestation, if any. */
    Optional<RevocationRecord> attestationRevocation(String id);

    /** The earliest-effective revocation of this key, if any. */
    Optional<RevocationRecord> keyRevocation(KeyId key);
}
