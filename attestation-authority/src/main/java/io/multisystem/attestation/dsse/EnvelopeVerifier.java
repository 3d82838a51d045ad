package io.multisystem.attestation.dsse;

import io.multisystem.attestation.keys.KeyId;
import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PublicKey;
import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies DSSE envelopes against a fixed set of trusted Ed25519 keys, with the strict signature policy of
 * {@link Ed25519#verify}.
 *
 * <p>Each signature is checked over {@code PAE(payloadType, payload)}. Its {@code keyid}, when present, selects the
 * trusted key with that {@link KeyId} (an unknown id is {@link EnvelopeProblem#UNKNOWN_KEY}); without a key id every
 * trusted key is tried. The envelope is accepted when its payload type is the expected one and at least
 * {@code threshold} distinct trusted keys signed it validly; extra invalid or unknown signatures do not reject an
 * envelope that meets the threshold (they are reported in {@link EnvelopeVerification#signatures()}).
 *
 * <p>Never throws for a bad envelope: every problem becomes a reason code in the result. Immutable and thread-safe.
 */
public final class EnvelopeVerifier {
    private final Map<String, Ed25519PublicKey> trusted;
    private final int threshold;

    private EnvelopeVerifier(Map<String, Ed25519PublicKey> trusted, int threshold) {
        this.trusted = trusted;
        this.threshold = threshold;
    }

    /** A verifier trusting {@code keys} that needs one valid signature. */
    public static EnvelopeVerifier trusting(Collection<Ed25519PublicKey> keys) {
        return trusting(keys, 1);
    }

    /**
     * A verifier trusting {@code keys} that needs valid signatures from {@code threshold} distinct trusted keys.
     *
     * @throws IllegalArgumentException if {@code threshold} is below 1 or above the number of distinct keys
     */
    public static EnvelopeVerifier trusting(Collection<Ed25519PublicKey> keys, int threshold) {
        Map<String, Ed25519PublicKey> byId = new LinkedHashMap<>();
        for (Ed25519PublicKey key : keys) {
            byId.put(KeyId.of(Objects.requireNonNull(key, "key")).value(), key);
        }
        if (threshold < 1 || threshold > byId.size()) {
            throw new IllegalArgumentException("threshold must be between 1 and the number of distinct trusted keys ("
                    + byId.size() + "), was " + threshold);
        }
        return new EnvelopeVerifier(Map.copyOf(byId), threshold);
    }

    /** Parses and verifies a JSON envelope; unreadable input gives {@link EnvelopeProblem#MALFORMED_ENVELOPE}. */
    public EnvelopeVerification verifyJson(String json, String expectedPayloadType) {
        Envelope envelope;
        try {
            envelope = EnvelopeJson.read(json);
        } catch (InvalidInputException e) {
            return new EnvelopeVerification(Optional.empty(), List.of(EnvelopeProblem.MALFORMED_ENVELOPE), List.of(),
                    Set.of(), e.getMessage());
        }
        return verify(envelope, expectedPayloadType);
    }

    /**
     * Verifies {@code envelope}; {@code expectedPayloadType} is the type the caller will interpret the payload as
     * (for in-toto statements {@code application/vnd.in-toto+json}).
     */
    public EnvelopeVerification verify(Envelope envelope, String expectedPayloadType) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(expectedPayloadType, "expectedPayloadType");
        Set<EnvelopeProblem> problems = new LinkedHashSet<>();
        List<String> details = new ArrayList<>();
        if (!envelope.payloadType().equals(expectedPayloadType)) {
            problems.add(EnvelopeProblem.PAYLOAD_TYPE_MISMATCH);
            details.add("payload type '" + envelope.payloadType() + "' is not the expected '" + expectedPayloadType
                    + "'");
        }
        byte[] pae = envelope.preAuthenticationEncoding();
        List<SignatureCheck> checks = new ArrayList<>();
        Set<String> verifiedBy = new LinkedHashSet<>();
        List<EnvelopeSignature> signatures = envelope.signatures();
        for (int i = 0; i < signatures.size(); i++) {
            SignatureCheck check = check(i, signatures.get(i), pae);
            checks.add(check);
            if (check.isValid()) {
                verifiedBy.add(check.verifiedBy());
            }
        }
        if (verifiedBy.size() < threshold) {
            if (signatures.isEmpty()) {
                problems.add(EnvelopeProblem.NO_SIGNATURES);
                details.add("the envelope has no signatures");
            }
            for (SignatureCheck check : checks) {
                check.problemIfAny().ifPresent(problems::add);
            }
            if (!verifiedBy.isEmpty() || problems.isEmpty()) {
                problems.add(EnvelopeProblem.THRESHOLD_NOT_MET);
            }
            details.add(verifiedBy.size() + " of the required " + threshold + " trusted keys signed validly");
        }
        String detail = problems.isEmpty()
                ? "verified by " + verifiedBy.size() + " trusted key(s)"
                : String.join("; ", details);
        return new EnvelopeVerification(Optional.of(envelope), List.copyOf(problems), checks, verifiedBy, detail);
    }

    private SignatureCheck check(int index, EnvelopeSignature signature, byte[] pae) {
        String keyId = signature.keyId();
        if (signature.sigLength() != Ed25519.SIGNATURE_LENGTH) {
            return new SignatureCheck(index, keyId, null, EnvelopeProblem.SIGNATURE_INVALID,
                    "signature " + index + " is " + signature.sigLength() + " bytes; Ed25519 signatures are "
                            + Ed25519.SIGNATURE_LENGTH);
        }
        if (!keyId.isEmpty()) {
            Ed25519PublicKey key = trusted.get(keyId);
            if (key == null) {
                return new SignatureCheck(index, keyId, null, EnvelopeProblem.UNKNOWN_KEY,
                        "signature " + index + " names key " + keyId + ", which is not trusted");
            }
            return Ed25519.verify(key, pae, signature.sigView())
                    ? new SignatureCheck(index, keyId, keyId, null, "valid signature by " + keyId)
                    : new SignatureCheck(index, keyId, null, EnvelopeProblem.SIGNATURE_INVALID,
                            "signature " + index + " by " + keyId + " does not verify over the payload and its type");
        }
        for (Map.Entry<String, Ed25519PublicKey> entry : trusted.entrySet()) {
            if (Ed25519.verify(entry.getValue(), pae, signature.sigView())) {
                return new SignatureCheck(index, keyId, entry.getKey(), null, "valid signature by " + entry.getKey());
            }
        }
        return new SignatureCheck(index, keyId, null, EnvelopeProblem.UNKNOWN_KEY,
                "signature " + index + " has no key id and verifies under no trusted key");
    }
}
