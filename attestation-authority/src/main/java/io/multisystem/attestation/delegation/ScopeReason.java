package io.multisystem.attestation.delegation;

/** Why a delegation or an attestation was not covered. The names are stable codes, reported as they are. */
public enum ScopeReason {
    /** A delegation widens its parent, or a statement falls outside the scope (predicate type or subject name). */
    SCOPE_EXCEEDED,
    /** The time is after a scope's validity window. */
    EXPIRED,
    /** The time is before a scope's validity window. */
    NOT_YET_VALID,
    /** The chain does not start at a trust root, a link does not connect, or the signer is not the last delegate. */
    CHAIN_UNTRUSTED,
    /** A delegation is deeper than its parent allows, or keeps more path length than its parent leaves. */
    PATH_TOO_LONG
}
