package io.multisystem.attestation.dsse;

import io.multisystem.attestation.keys.KeyId;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DsseTest {
    private static final String TYPE = "application/vnd.in-toto+json";
    private static final byte[] PAYLOAD = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

    private final Ed25519PrivateKey alice = key(1);
    private final Ed25519PrivateKey bob = key(2);
    private final Ed25519PrivateKey mallory = key(3);

    private static Ed25519PrivateKey key(int seed) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) seed);
        return Ed25519PrivateKey.fromSeed(bytes);
    }

    private EnvelopeVerifier trustingAlice() {
        return EnvelopeVerifier.trusting(List.of(alice.publicKey()));
    }

    @Test
    void paeMatchesTheDsseSpecificationExample() {
        byte[] pae = Pae.encode("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(pae, StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    @Test
    void paeCountsBytesNotCharactersAndHandlesEmptyParts() {
        assertThat(new String(Pae.encode("é", new byte[0]), StandardCharsets.UTF_8)).isEqualTo("DSSEv1 2 é 0 ");
    }

    @Test
    void signedEnvelopeVerifiesAndNamesItsSigner() {
        Envelope envelope = EnvelopeSigner.sign(TYPE, PAYLOAD, alice);

        EnvelopeVerification result = trustingAlice().verify(envelope, TYPE);

        assertThat(result.isVerified()).isTrue();
        assertThat(result.problems()).isEmpty();
        assertThat(result.verifiedKeyIds()).containsExactly(KeyId.of(alice.publicKey()).value());
        assertThat(envelope.signatures().get(0).keyId()).isEqualTo(KeyId.of(alice.publicKey()).value());
    }

    @Test
    void jsonRoundTripPreservesTheEnvelopeExactly() {
        Envelope envelope = EnvelopeSigner.sign(TYPE, PAYLOAD, List.of(alice, bob));

        String json = EnvelopeJson.write(envelope);

        assertThat(EnvelopeJson.read(json)).isEqualTo(envelope);
        assertThat(EnvelopeJson.write(EnvelopeJson.read(json))).isEqualTo(json);
        assertThat(json).contains("\"payloadType\":\"" + TYPE + "\"")
                .contains("\"payload\":\"" + Base64.getEncoder().encodeToString(PAYLOAD) + "\"");
    }

    @Test
    void readerAcceptsUrlSafeBase64AndMissingKeyIds() {
        Envelope envelope = EnvelopeSigner.sign(TYPE, new byte[] {(byte) 0xfb, (byte) 0xff, 0x01}, alice);
        String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(envelope.signatures().get(0).sig());
        String json = "{\"payload\":\"-_8B\",\"payloadType\":\"" + TYPE + "\",\"signatures\":[{\"sig\":\"" + sig
                + "\"}],\"extra\":1}";

        EnvelopeVerification result = trustingAlice().verifyJson(json, TYPE);

        assertThat(result.isVerified()).isTrue();
        assertThat(result.signatures().get(0).keyId()).isEmpty();
    }

    @Test
    void multipleSignaturesMeetAThresholdOfDistinctTrustedKeys() {
        Envelope both = EnvelopeSigner.sign(TYPE, PAYLOAD, List.of(alice, bob));
        Envelope aliceTwice = EnvelopeSigner.addSignature(EnvelopeSigner.sign(TYPE, PAYLOAD, alice), alice);
        EnvelopeVerifier twoOfTwo = EnvelopeVerifier.trusting(List.of(alice.publicKey(), bob.publicKey()), 2);

        assertThat(twoOfTwo.verify(both, TYPE).isVerified()).isTrue();
        assertThat(twoOfTwo.verify(aliceTwice, TYPE).problems()).containsExactly(EnvelopeProblem.THRESHOLD_NOT_MET);
    }

    @Test
    void anExtraUntrustedSignatureDoesNotRejectAnEnvelopeThatMeetsTheThreshold() {
        Envelope envelope = EnvelopeSigner.sign(TYPE, PAYLOAD, List.of(mallory, alice));

        EnvelopeVerification result = trustingAlice().verify(envelope, TYPE);

        assertThat(result.isVerified()).isTrue();
        assertThat(result.signatures().get(0).problemIfAny()).contains(EnvelopeProblem.UNKNOWN_KEY);
    }

    @Test
    void tamperedPayloadFailsAsAnInvalidSignature() {
        Envelope signed = EnvelopeSigner.sign(TYPE, PAYLOAD, alice);
        byte[] changed = PAYLOAD.clone();
        changed[2] ^= 1;
        Envelope tampered = new Envelope(TYPE, changed, signed.signatures());

        assertThat(trustingAlice().verify(tampered, TYPE).problems())
                .containsExactly(EnvelopeProblem.SIGNATURE_INVALID);
    }

    @Test
    void tamperedPayloadTypeFailsAsATypeMismatchAndBreaksTheSignature() {
        Envelope signed = EnvelopeSigner.sign(TYPE, PAYLOAD, alice);
        Envelope tampered = new Envelope("application/json", PAYLOAD, signed.signatures());

        EnvelopeVerification asExpected = trustingAlice().verify(tampered, TYPE);
        EnvelopeVerification asClaimed = trustingAlice().verify(tampered, "application/json");

        assertThat(asExpected.primaryProblem()).contains(EnvelopeProblem.PAYLOAD_TYPE_MISMATCH);
        assertThat(asClaimed.problems()).containsExactly(EnvelopeProblem.SIGNATURE_INVALID);
    }

    @Test
    void validEnvelopeOfAnotherTypeIsRejectedAsATypeMismatch() {
        Envelope envelope = EnvelopeSigner.sign("application/json", PAYLOAD, alice);

        assertThat(trustingAlice().verify(envelope, TYPE).problems())
                .containsExactly(EnvelopeProblem.PAYLOAD_TYPE_MISMATCH);
    }

    @Test
    void flippedSignatureBitFailsAsAnInvalidSignature() {
        Envelope signed = EnvelopeSigner.sign(TYPE, PAYLOAD, alice);
        byte[] sig = signed.signatures().get(0).sig();
        sig[10] ^= 0x40;
        Envelope tampered = new Envelope(TYPE, PAYLOAD,
                List.of(new EnvelopeSignature(signed.signatures().get(0).keyId(), sig)));

        assertThat(trustingAlice().verify(tampered, TYPE).problems())
                .containsExactly(EnvelopeProblem.SIGNATURE_INVALID);
    }

    @Test
    void wrongLengthSignaturesFailAsInvalidWithoutThrowing() {
        Envelope signed = EnvelopeSigner.sign(TYPE, PAYLOAD, alice);
        String keyId = signed.signatures().get(0).keyId();
        byte[] sig = signed.signatures().get(0).sig();

        for (byte[] wrong : List.of(Arrays.copyOf(sig, 63), Arrays.copyOf(sig, 65), new byte[0])) {
            Envelope tampered = new Envelope(TYPE, PAYLOAD, List.of(new EnvelopeSignature(keyId, wrong)));
            EnvelopeVerification result = trustingAlice().verify(tampered, TYPE);
            assertThat(result.problems()).containsExactly(EnvelopeProblem.SIGNATURE_INVALID);
            assertThat(result.signatures().get(0).detail()).contains(wrong.length + " bytes");
        }
    }

    @Test
    void signatureByAnUntrustedKeyIsReportedAsUnknownKey() {
        Envelope envelope = EnvelopeSigner.sign(TYPE, PAYLOAD, mallory);

        assertThat(trustingAlice().verify(envelope, TYPE).problems()).containsExactly(EnvelopeProblem.UNKNOWN_KEY);
    }

    @Test
    void keyIdOfATrustedKeyOnAForeignSignatureIsStillInvalid() {
        Envelope forged = EnvelopeSigner.sign(TYPE, PAYLOAD, mallory);
        EnvelopeSignature lying = new EnvelopeSignature(KeyId.of(alice.publicKey()).value(),
                forged.signatures().get(0).sig());

        assertThat(trustingAlice().verify(new Envelope(TYPE, PAYLOAD, List.of(lying)), TYPE).problems())
                .containsExactly(EnvelopeProblem.SIGNATURE_INVALID);
    }

    @Test
    void envelopeWithoutSignaturesIsRejected() {
        assertThat(trustingAlice().verify(new Envelope(TYPE, PAYLOAD, List.of()), TYPE).problems())
                .containsExactly(EnvelopeProblem.NO_SIGNATURES);
    }

    @Test
    void malformedJsonEnvelopesAreReportedNotThrown() {
        List<String> malformed = List.of("", "[]", "{", "{\"payloadType\":\"t\",\"signatures\":[]}",
                "{\"payload\":\"!!\",\"payloadType\":\"t\",\"signatures\":[]}",
                "{\"payload\":\"\",\"payloadType\":5,\"signatures\":[]}",
                "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":{}}",
                "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"k\"}]}",
                "{\"payload\":\"\",\"payloadType\":\"t\",\"payloadType\":\"u\",\"signatures\":[]}");

        for (String json : malformed) {
            EnvelopeVerification result = trustingAlice().verifyJson(json, TYPE);
            assertThat(result.problems()).as(json).containsExactly(EnvelopeProblem.MALFORMED_ENVELOPE);
            assertThat(result.envelope()).isEmpty();
        }
    }

    @Test
    void readingAMalformedEnvelopeThrowsAnInputErrorNamingTheMember() {
        assertThatThrownBy(() -> EnvelopeJson.read("{\"payload\":\"\",\"signatures\":[]}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("payloadType")
                .extracting(e -> ((InvalidInputException) e).code()).isEqualTo("ENVELOPE_MALFORMED");
    }
}
