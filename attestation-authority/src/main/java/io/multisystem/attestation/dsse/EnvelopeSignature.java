package io.multisystem.attestation.dsse;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One DSSE signature: an optional key id hint ({@code keyid}, empty when absent) and the signature bytes over
 * {@link Pae#encode PAE(payloadType, payload)}. Immutable; {@link #sig()} returns a copy.
 */
public final class EnvelopeSignature {
    private final String keyId;
    private final byte[] sig;

    public EnvelopeSignature(String keyId, byte[] sig) {
        this.keyId = keyId == null ? "" : keyId;
        this.sig = Objects.requireNonNull(sig, "sig").clone();
    }

    /** The key id hint; empty if the signer gave none. Unauthenticated: only a hint for choosing the key. */
    public String keyId() {
        return keyId;
    }

    public byte[] sig() {
        return sig.clone();
    }

    int sigLength() {
        return sig.length;
    }

    byte[] sigView() {
        return sig;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EnvelopeSignature that && keyId.equals(that.keyId) && Arrays.equals(sig, that.sig);
    }

    @Override
    public int hashCode() {
        return 31 * keyId.hashCode() + Arrays.hashCode(sig);
    }

    @Override
    public String toString() {
        return "EnvelopeSignature[keyid=" + keyId + ", sig=" + Base64.getEncoder().encodeToString(sig) + "]";
    }
}
