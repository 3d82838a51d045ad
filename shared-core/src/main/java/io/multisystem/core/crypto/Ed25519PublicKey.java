package io.multisystem.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An Ed25519 public key: the 32-byte RFC 8032 encoding of the point A. Immutable and thread-safe.
 *
 * <p>Construction checks only the length; whether the encoding is canonical and of acceptable order is decided by
 * {@link Ed25519#verify} (which rejects such keys) and can be asked in advance with {@link Ed25519#isAcceptedPublicKey}.
 */
public final class Ed25519PublicKey {
    public static final int LENGTH = 32;

    private final byte[] encoded;

    private Ed25519PublicKey(byte[] encoded) {
        this.encoded = encoded;
    }

    /**
     * @throws IllegalArgumentException if {@code raw} is not 32 bytes
     */
    public static Ed25519PublicKey fromRaw(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is " + LENGTH + " bytes, got "
                    + (raw == null ? "none" : raw.length));
        }
        return new Ed25519PublicKey(raw.clone());
    }

    /** The raw 32-byte encoding (a copy). */
    public byte[] raw() {
        return encoded.clone();
    }

    /** The X.509 SubjectPublicKeyInfo DER encoding (RFC 8410). */
    public byte[] toSpkiDer() {
        return KeyEncodings.publicKeyToSpki(encoded);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519PublicKey that && MessageDigest.isEqual(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + Hashes.toHex(encoded) + "]";
    }
}
