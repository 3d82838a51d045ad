package io.multisystem.core.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemTest {
    /** RFC 8410 section 10.3 private key and the section 10.1 public key that belongs to it. */
    private static final String RFC8410_PRIVATE = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
            -----END PRIVATE KEY-----
            """;
    private static final String RFC8410_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
            -----END PUBLIC KEY-----
            """;

    @Test
    void readsTheRfc8410ExampleKeysAndTheyBelongTogether() {
        try (Ed25519PrivateKey key = Pem.readPrivateKey(RFC8410_PRIVATE)) {
            assertThat(key.publicKey()).isEqualTo(Pem.readPublicKey(RFC8410_PUBLIC));
        }
    }

    @Test
    void writesWhatItReadsByteForByte() {
        try (Ed25519PrivateKey key = Pem.readPrivateKey(RFC8410_PRIVATE)) {
            assertThat(Pem.writePrivateKey(key).replace("\r", "")).isEqualTo(RFC8410_PRIVATE);
            assertThat(Pem.writePublicKey(key.publicKey()).replace("\r", "")).isEqualTo(RFC8410_PUBLIC);
        }
    }

    @Test
    void generatedKeysRoundTrip() {
        try (Ed25519PrivateKey key = Ed25519.generateKeyPair();
             Ed25519PrivateKey read = Pem.readPrivateKey(Pem.writePrivateKey(key))) {
            assertThat(read.seed()).isEqualTo(key.seed());
            assertThat(Pem.readPublicKey(Pem.writePublicKey(key.publicKey()))).isEqualTo(key.publicKey());
        }
    }

    @Test
    void wrongBlockTypeOrGarbageIsAKeyFormatErrorSayingWhatWasExpected() {
        assertThatThrownBy(() -> Pem.readPrivateKey(RFC8410_PUBLIC)).isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("PRIVATE KEY");
        assertThatThrownBy(() -> Pem.readPublicKey("not pem at all")).isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> Pem.readPublicKey("")).isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> Pem.readPublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(KeyFormatException.class);
    }

    @Test
    void keysOfOtherAlgorithmsAreRejected() throws Exception {
        var rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        byte[] spki = rsa.generateKeyPair().getPublic().getEncoded();

        assertThatThrownBy(() -> Pem.publicKeyFromSpkiDer(spki)).isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("1.3.101.112");
    }
}
