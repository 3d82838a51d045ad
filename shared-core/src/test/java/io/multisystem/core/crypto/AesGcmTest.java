package io.multisystem.core.crypto;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AesGcmTest {

    @Test
    void everyWycheproofCaseEncryptsAndDecryptsExactlyWhenValid() throws IOException {
        var cases = WycheproofVectors.load("aes_gcm_test.json");
        assertThat(cases).hasSize(316);
        for (WycheproofVectors.Case c : cases) {
            byte[] key = c.hex("key");
            byte[] iv = c.hex("iv");
            byte[] aad = c.hex("aad");
            byte[] expected = concat(c.hex("ct"), c.hex("tag"));
            if (c.valid()) {
                assertThat(AesGcm.encrypt(key, iv, c.hex("msg"), aad)).as(c.toString()).isEqualTo(expected);
                assertThat(AesGcm.decrypt(key, iv, expected, aad)).as(c.toString()).isEqualTo(c.hex("msg"));
            } else {
                assertThatThrownBy(() -> AesGcm.decrypt(key, iv, expected, aad)).as(c.toString())
                        .isInstanceOfAny(AuthenticationFailedException.class, IllegalArgumentException.class);
            }
        }
    }

    @Test
    void jdkImplementationAgreesWithBouncyCastleOnRandomInputs() throws Exception {
        Random random = new Random(38_000_4L);
        for (int i = 0; i < 300; i++) {
            byte[] key = bytes(random, 32);
            byte[] nonce = bytes(random, 12);
            byte[] aad = bytes(random, random.nextInt(40));
            byte[] plaintext = bytes(random, random.nextInt(500));

            GCMBlockCipher bc = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
            bc.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
            byte[] bcOut = new byte[bc.getOutputSize(plaintext.length)];
            int n = bc.processBytes(plaintext, 0, plaintext.length, bcOut, 0);
            bc.doFinal(bcOut, n);

            assertThat(AesGcm.encrypt(key, nonce, plaintext, aad)).isEqualTo(bcOut);
        }
    }

    @Test
    void sealedBoxOpensWithTheSameKeyAndAssociatedData() {
        byte[] key = AesGcm.generateKey();
        byte[] sealed = AesGcm.seal(key, "secret".getBytes(), "context".getBytes());

        assertThat(AesGcm.open(key, sealed, "context".getBytes())).isEqualTo("secret".getBytes());
        assertThat(sealed).hasSize(AesGcm.NONCE_LENGTH + 6 + AesGcm.TAG_LENGTH);
    }

    @Test
    void sealingTheSameMessageTwiceUsesFreshNonces() {
        byte[] key = AesGcm.generateKey();
        byte[] first = AesGcm.seal(key, "same".getBytes(), null);
        byte[] second = AesGcm.seal(key, "same".getBytes(), null);

        assertThat(java.util.Arrays.copyOf(first, 12)).isNotEqualTo(java.util.Arrays.copyOf(second, 12));
    }

    @Test
    void anyFlippedBitWrongKeyOrOtherAssociatedDataFailsAuthentication() {
        byte[] key = AesGcm.generateKey();
        byte[] sealed = AesGcm.seal(key, "payload".getBytes(), "aad".getBytes());
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> AesGcm.open(key, tampered, "aad".getBytes()))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
        assertThatThrownBy(() -> AesGcm.open(AesGcm.generateKey(), sealed, "aad".getBytes()))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> AesGcm.open(key, sealed, "other".getBytes()))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void sealRequiresA256BitKeyAndOpenRejectsTruncatedBoxes() {
        assertThatThrownBy(() -> AesGcm.seal(new byte[16], new byte[1], null)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> AesGcm.open(new byte[32], new byte[27], null))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    private static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
