package io.multisystem.attestation.delegation;

import io.multisystem.attestation.keys.KeyId;

import java.util.Objects;

/**
 * A key trusted without delegation, within {@code scope}: the anchor every delegation chain starts from.
 *
 * @param key   the trusted key
 * @param scope what it (and, by narrowing, everything delegated from it) may attest to
 */
public record TrustRoot(KeyId key, Scope scope) {
    public TrustRoot {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scope, "scope");
    }
}
