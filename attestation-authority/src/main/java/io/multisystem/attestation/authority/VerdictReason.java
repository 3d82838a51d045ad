package io.multisystem.attestation.authority;

/** Why a verification failed. Stable, machine-readable codes, reported to clients as they are. */
public enum VerdictReason {
    /** The envelope is not valid DSSE JSON (bad JSON, missing member, bad base64). */
    MALFORMED_ENVELOPE,
    /** The payload type is not {@code application/vnd.in-toto+json}. */
    PAYLOAD_TYPE_MISMATCH,
    /** The payload is not a valid in-toto Statement v1. */
    STATEMENT_INVALID,
    /** The envelope has no signatures. */
    NO_SIGNATURES,
    /** A signature names a key the authority does not know (no root or delegation for it). */
    UNKNOWN_KEY,
    /** A signature is the wrong length, non-canonical, or does not verify under strict Ed25519. */
    SIGNATURE_INVALID,
    /** The signing key does not chain to a trusted root (missing link, bad grant signature, cycle, too deep). */
    CHAIN_UNTRUSTED,
    /** The statement's predicate type or a subject lies outside a scope of the chain, or a link widens its parent. */
    SCOPE_EXCEEDED,
    /** A delegation is deeper than a parent's maxPathLength allows. */
    PATH_TOO_LONG,
    /** The verification time is after the attestation's or a chain link's validity. */
    EXPIRED,
    /** The verification time is before the attestation's or a chain link's validity. */
    NOT_YET_VALID,
    /** The attestation itself was revoked. */
    REVOKED,
    /** A key of the chain was revoked effective at or before the attestation's log time. */
    KEY_REVOKED,
    /** The inclusion proof or checkpoint does not verify, or the logged entry is not this envelope. */
    PROOF_INVALID,
    /** An inclusion proof was asked for, but the attestation is not in the log. */
    NOT_LOGGED,
    /** Fewer than the required number of allowed keys signed validly with a valid chain. */
    THRESHOLD_NOT_MET
}
