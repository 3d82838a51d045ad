package io.multisystem.attestation.statuslist;

import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;

class StatusListCredentialTest {
    /** The encodedList of the example credential in W3C Bitstring Status List v1.0 (131,072 entries, none set). */
    private static final String W3C_EXAMPLE = "{\"credentialSubject\":{\"id\":\"https://example.com/status/3#list\","
            + "\"type\":\"BitstringStatusList\",\"statusPurpose\":\"revocation\",\"encodedList\":"
            + "\"uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA\"}}";

    @Test
    void decodesTheSpecificationsExampleList() {
        byte[] bits = StatusListCredential.decodeList(W3C_EXAMPLE);

        assertThat(bits).hasSize(StatusListCredential.MIN_ENTRIES / 8);
        assertThat(StatusListCredential.isSet(W3C_EXAMPLE, 0)).isFalse();
        assertThat(StatusListCredential.isSet(W3C_EXAMPLE, 131_071)).isFalse();
    }

    @Test
    void setBitsReadBackLeftmostFirstAndTheProofCoversEveryField() {
        Ed25519PrivateKey key = Ed25519.generateKeyPair();
        BitSet revoked = new BitSet();
        revoked.set(0);
        revoked.set(9);
        revoked.set(131_071);

        String credential = StatusListCredential.build("https://example.com/status/1", revoked, 10,
                Instant.parse("2026-01-01T00:00:00Z"), key);

        assertThat(StatusListCredential.decodeList(credential)[0]).isEqualTo((byte) 0x80);
        assertThat(StatusListCredential.decodeList(credential)[1]).isEqualTo((byte) 0x40);
        assertThat(StatusListCredential.isSet(credential, 9)).isTrue();
        assertThat(StatusListCredential.isSet(credential, 8)).isFalse();
        assertThat(StatusListCredential.isSet(credential, 131_071)).isTrue();
        assertThat(credential).contains("\"cryptosuite\":\"eddsa-jcs-2022\"").contains("did:key:z6Mk");
        assertThat(StatusListCredential.verify(credential, key.publicKey())).isTrue();
        assertThat(StatusListCredential.verify(credential.replace("2026-01-01", "2026-01-02"), key.publicKey()))
                .isFalse();
        assertThat(StatusListCredential.verify(credential, Ed25519.generateKeyPair().publicKey())).isFalse();
    }
}
