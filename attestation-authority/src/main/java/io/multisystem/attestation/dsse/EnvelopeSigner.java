package io.multisystem.attestation.dsse;

import io.multisystem.attestation.keys.KeyId;
import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Signs DSSE envelopes with Ed25519. Each signature carries the signer's {@link KeyId} as {@code keyid}.
 * Stateless, thread-safe; signing is deterministic (RFC 8032).
 */
public final class EnvelopeSigner {
    private EnvelopeSigner() {
    }

    /**
     * A new envelope over {@code payload} signed by every key in {@code keys}, in order.
     *
     * @throws IllegalArgumentException if no key is given
     */
    public static Envelope sign(String payloadType, byte[] payload, List<Ed25519PrivateKey> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one signing key is needed");
        }
        Envelope envelope = new Envelope(payloadType, payload, List.of());
        List<EnvelopeSignature> signatures = new ArrayList<>(keys.size());
        byte[] pae = envelope.preAuthenticationEncoding();
        for (Ed25519PrivateKey key : keys) {
            signatures.add(new EnvelopeSignature(KeyId.of(key.publicKey()).value(), Ed25519.sign(key, pae)));
        }
        return new Envelope(payloadType, payload, signatures);
    }

    /** {@link #sign(String, byte[], List)} with one key. */
    public static Envelope sign(String payloadType, byte[] payload, Ed25519PrivateKey key) {
        return sign(payloadType, payload, List.of(key));
    }

    /** {@code envelope} with one more signature, by {@code key}, over the same payload and type. */
    public static Envelope addSignature(Envelope envelope, Ed25519PrivateKey key) {
        byte[] sig = Ed25519.sign(key, envelope.preAuthenticationEncoding());
        return envelope.withSignature(new EnvelopeSignature(KeyId.of(key.publicKey()).value(), sig));
    }
}
