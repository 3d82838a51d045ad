package io.multisystem.attestation.dsse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A DSSE envelope (DSSE protocol v1): a payload, its type, and signatures over
 * {@link Pae#encode PAE(payloadType, payload)}. Immutable; {@link #payload()} returns a copy.
 * JSON form: {@link EnvelopeJson}. Creating: {@link EnvelopeSigner}. Checking: {@link EnvelopeVerifier}.
 */
public final class Envelope {
    private final String payloadType;
    private final byte[] payload;
    private final List<EnvelopeSignature> signatures;

    public Envelope(String payloadType, byte[] payload, List<EnvelopeSignature> signatures) {
        this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
        this.payload = Objects.requireNonNull(payload, "payload").clone();
        this.signatures = List.copyOf(signatures);
    }

    public String payloadType() {
        return payloadType;
    }

    public byte[] payload() {
        return payload.clone();
    }

    /** The signatures in envelope order; unmodifiable. */
    public List<EnvelopeSignature> signatures() {
        return signatures;
    }

    /** The bytes every signature of this envelope must cover. */
    public byte[] preAuthenticationEncoding() {
        return Pae.encode(payloadType, payload);
    }

    /** This envelope with {@code signature} appended. */
    public Envelope withSignature(EnvelopeSignature signature) {
        List<EnvelopeSignature> all = new ArrayList<>(signatures);
        all.add(Objects.requireNonNull(signature, "signature"));
        return new Envelope(payloadType, payload, all);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Envelope that && payloadType.equals(that.payloadType)
                && Arrays.equals(payload, that.payload) && signatures.equals(that.signatures);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payloadType, Arrays.hashCode(payload), signatures);
    }

    @Override
    public String toString() {
        return "Envelope[payloadType=" + payloadType + ", payload=" + payload.length + " bytes, signatures="
                + signatures.size() + "]";
    }
}
