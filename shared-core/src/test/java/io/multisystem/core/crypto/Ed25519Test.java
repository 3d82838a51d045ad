package io.multisystem.core.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ed25519Test {

    /** RFC 8032 section 7.1: secret key, public key, message, signature (all hex). */
    @ParameterizedTest(name = "RFC 8032 7.1 {0}")
    @CsvSource({
        "TEST 1,9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
            + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,,"
            + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "TEST 2,4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
            + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,72,"
            + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "TEST 3,c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
            + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,af82,"
            + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
        "TEST SHA(abc),833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42,"
            + "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf,"
            + "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f,"
            + "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
    })
    void rfc8032VectorsDeriveTheKeySignDeterministicallyAndVerify(String name, String secret, String publicKey,
            String message, String signature) {
        byte[] msg = message == null ? new byte[0] : Hashes.fromHex(message);
        try (Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(Hashes.fromHex(secret))) {
            assertThat(Hashes.toHex(key.publicKey().raw())).isEqualTo(publicKey);
            assertThat(Hashes.toHex(Ed25519.sign(key, msg))).isEqualTo(signature);
        }
        assertThat(Ed25519.verify(Hashes.fromHex(publicKey), msg, Hashes.fromHex(signature))).isTrue();
    }

    @Test
    void everyWycheproofCaseIsAcceptedExactlyWhenValid() throws IOException {
        List<WycheproofVectors.Case> cases = WycheproofVectors.load("ed25519_test.json");
        assertThat(cases).hasSize(151);
        for (WycheproofVectors.Case c : cases) {
            byte[] pk = Hashes.fromHex(c.group().get("publicKey").get("pk").asString());
            boolean accepted = Ed25519.verify(pk, c.hex("msg"), c.hex("sig"));
            assertThat(accepted).as(c.toString()).isEqualTo(c.valid());
        }
    }

    @Test
    void wycheproofPublicKeysReadFromTheirPemAndDerForms() throws IOException {
        for (WycheproofVectors.Case c : WycheproofVectors.load("ed25519_test.json")) {
            byte[] raw = Hashes.fromHex(c.group().get("publicKey").get("pk").asString());
            assertThat(Pem.readPublicKey(c.group().get("publicKeyPem").asString()).raw()).isEqualTo(raw);
            assertThat(Pem.publicKeyFromSpkiDer(Hashes.fromHex(c.group().get("publicKeyDer").asString())).raw())
                    .isEqualTo(raw);
        }
    }

    @Test
    void signaturesOfWrongLengthAreRejectedWithoutThrowing() {
        Ed25519PrivateKey key = Ed25519.generateKeyPair();
        byte[] message = "m".getBytes();
        byte[] signature = Ed25519.sign(key, message);

        assertThat(Ed25519.verify(key.publicKey(), message, java.util.Arrays.copyOf(signature, 63))).isFalse();
        assertThat(Ed25519.verify(key.publicKey(), message, java.util.Arrays.copyOf(signature, 65))).isFalse();
        assertThat(Ed25519.verify(key.publicKey(), message, new byte[0])).isFalse();
    }

    @Test
    void nonCanonicalScalarIsRejectedEvenThoughTheEquationWouldHold() {
        Ed25519PrivateKey key = Ed25519.generateKeyPair();
        byte[] message = "malleable".getBytes();
        byte[] signature = Ed25519.sign(key, message);
        // S + L encodes the same residue: a textbook malleability that RFC 8032 verification must reject
        java.math.BigInteger order = java.math.BigInteger.TWO.pow(252)
                .add(new java.math.BigInteger("27742317777372353535851937790883648493"));
        byte[] sLittleEndian = java.util.Arrays.copyOfRange(signature, 32, 64);
        java.math.BigInteger s = new java.math.BigInteger(1, reverse(sLittleEndian)).add(order);
        byte[] sPlusL = reverse(toFixed(s, 32));
        byte[] forged = signature.clone();
        System.arraycopy(sPlusL, 0, forged, 32, 32);

        assertThat(Ed25519.verify(key.publicKey(), message, forged)).isFalse();
    }

    @Test
    void smallOrderPublicKeysAreRefusedForEveryMessage() {
        byte[] identity = Hashes.fromHex("0100000000000000000000000000000000000000000000000000000000000000");
        // with A = identity and R = identity, S = 0 satisfies [S]B = R + [k]A for every message
        byte[] signature = new byte[64];
        signature[0] = 1;

        assertThat(Ed25519.isAcceptedPublicKey(identity)).isFalse();
        assertThat(Ed25519.verify(identity, "anything".getBytes(), signature)).isFalse();
    }

    @Test
    void nonCanonicalPublicKeyEncodingIsRefused() {
        // y = p (2^255 - 19) encodes the same field element as y = 0 but is not canonical
        byte[] yEqualsP = Hashes.fromHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertThat(Ed25519.isAcceptedPublicKey(yEqualsP)).isFalse();
    }

    @Test
    void jdkAndPlatformProduceIdenticalSignaturesThatEachOtherAccept() throws Exception {
        Random random = new Random(8032);
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        for (int i = 0; i < 200; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            byte[] message = new byte[random.nextInt(300)];
            random.nextBytes(message);
            try (Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed)) {
                PrivateKey jdkPrivate = factory.generatePrivate(new PKCS8EncodedKeySpec(key.toPkcs8Der()));
                PublicKey jdkPublic = factory.generatePublic(new X509EncodedKeySpec(key.publicKey().toSpkiDer()));
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(jdkPrivate);
                signer.update(message);
                byte[] jdkSignature = signer.sign();
                byte[] ourSignature = Ed25519.sign(key, message);

                assertThat(ourSignature).isEqualTo(jdkSignature);
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(jdkPublic);
                verifier.update(message);
                assertThat(verifier.verify(ourSignature)).isTrue();
                assertThat(Ed25519.verify(key.publicKey(), message, jdkSignature)).isTrue();
            }
        }
    }

    @Test
    void destroyedKeyZeroesItsSeedAndRefusesToSign() {
        Ed25519PrivateKey key = Ed25519.generateKeyPair();
        key.destroy();

        assertThat(key.isDestroyed()).isTrue();
        assertThatThrownBy(() -> Ed25519.sign(key, new byte[1])).isInstanceOf(IllegalStateException.class);
        assertThat(key.toString()).doesNotContain("seed");
    }

    @Test
    void keysOfWrongLengthAreRejectedAtConstruction() {
        assertThatThrownBy(() -> Ed25519PrivateKey.fromSeed(new byte[31])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Ed25519PublicKey.fromRaw(new byte[33])).hasMessageContaining("32 bytes");
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    private static byte[] toFixed(java.math.BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
