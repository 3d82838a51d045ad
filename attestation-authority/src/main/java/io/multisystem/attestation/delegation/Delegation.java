package io.multisystem.attestation.delegation;

import io.multisystem.attestation.keys.KeyId;

import java.util.Objects;

/**
 * A grant by {@code issuer} to {@code delegate} of the right to attest within {@code scope}. Authenticity (the
 * issuer's signature over the grant) is checked where grants are received; this model only reasons about scopes.
 *
 * @param issuer   key that grants
 * @param delegate key that receives
 * @param scope    what the delegate may attest to
 */
public record Delegation(KeyId issuer, KeyId delegate, Scope scope) {
    public Delegation {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(scope, "scope");
    }
}
