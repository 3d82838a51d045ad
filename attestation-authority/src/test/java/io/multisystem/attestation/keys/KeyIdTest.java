package io.multisystem.attestation.keys;

import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyIdTest {
    // RFC 8032 section 7.1, test 1.
    private static final Ed25519PrivateKey RFC8032_KEY = Ed25519PrivateKey.fromSeed(HexFormat.of()
            .parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

    @Test
    void keyIdIsTheSha256OfTheSubjectPublicKeyInfoDer() {
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100"
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

        assertThat(RFC8032_KEY.publicKey().toSpkiDer()).isEqualTo(spki);
        assertThat(KeyId.of(RFC8032_KEY.publicKey()).value()).isEqualTo(Hashes.toHex(Hashes.sha256(spki)))
                .hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void uppercaseOrShortKeyIdsAreRejectedWithTheExpectedForm() {
        String valid = KeyId.of(RFC8032_KEY.publicKey()).value();

        assertThat(KeyId.parse(valid)).isEqualTo(KeyId.of(RFC8032_KEY.publicKey()));
        assertThatThrownBy(() -> KeyId.parse(valid.toUpperCase())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("lowercase hex");
        assertThatThrownBy(() -> KeyId.parse(valid.substring(1))).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).code()).isEqualTo("KEY_ID_INVALID");
    }
}
