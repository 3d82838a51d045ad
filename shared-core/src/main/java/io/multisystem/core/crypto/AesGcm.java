package io.multisystem.core.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * AES-GCM authenticated encryption (NIST SP 800-38D) with 128-bit tags.
 *
 * <h2>Sealed boxes (the default API)</h2>
 * {@link #seal} takes a 256-bit key, draws a fresh random 96-bit nonce for every call and returns
 * {@code nonce (12) || ciphertext || tag (16)}; {@link #open} reverses it. Associated data is authenticated, not
 * encrypted, and must be given again to open.
 *
 * <h2>Nonce misuse</h2>
 * GCM fails badly when a nonce repeats under one key: the XOR of the two plaintexts leaks, and the authentication key
 * can be recovered, allowing forgeries. Random 96-bit nonces keep the collision probability under 2^-32 for up to
 * 2^32 seals per key (NIST SP 800-38D section 8.3); rotate keys well before that. Never pass a fixed nonce to
 * {@link #encrypt}: it exists for interoperability and test vectors only.
 *
 * <p>Uses the JDK's SunJCE implementation; differential tests check it against BouncyCastle's. Thread-safe.
 */
public final class AesGcm {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {
    }

    /** A new random 256-bit key; the caller should zero it when done. */
    public static byte[] generateKey() {
        byte[] key = new byte[KEY_LENGTH];
        RANDOM.nextBytes(key);
        return key;
    }

    /**
     * Encrypts and authenticates {@code plaintext} (and authenticates {@code associatedData}) under a 256-bit key with
     * a fresh random nonce.
     *
     * @return {@code nonce || ciphertext || tag}
     * @throws IllegalArgumentException if the key is not 32 bytes
     */
    public static byte[] seal(byte[] key, byte[] plaintext, byte[] associatedData) {
        requireKeyLength(key, KEY_LENGTH);
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        byte[] body = encrypt(key, nonce, plaintext, associatedData);
        byte[] sealed = new byte[NONCE_LENGTH + body.length];
        System.arraycopy(nonce, 0, sealed, 0, NONCE_LENGTH);
        System.arraycopy(body, 0, sealed, NONCE_LENGTH, body.length);
        return sealed;
    }

    /**
     * Opens a box made by {@link #seal}.
     *
     * @throws AuthenticationFailedException if the box was altered, the key is wrong or the associated data differs
     * @throws IllegalArgumentException if the key is not 32 bytes
     */
    public static byte[] open(byte[] key, byte[] sealed, byte[] associatedData) {
        requireKeyLength(key, KEY_LENGTH);
        if (sealed == null || sealed.length < NONCE_LENGTH + TAG_LENGTH) {
            throw new AuthenticationFailedException("sealed box is shorter than nonce and tag ("
                    + (NONCE_LENGTH + TAG_LENGTH) + " bytes)");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 0, NONCE_LENGTH);
        byte[] body = Arrays.copyOfRange(sealed, NONCE_LENGTH, sealed.length);
        return decrypt(key, nonce, body, associatedData);
    }

    /**
     * Raw GCM encryption with a caller-chosen nonce (see "Nonce misuse"). Keys of 16, 24 or 32 bytes; nonces of at
     * least 1 byte (12 is the only length that should be used in new designs).
     *
     * @return {@code ciphertext || tag}
     */
    public static byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        return run(Cipher.ENCRYPT_MODE, key, nonce, plaintext, associatedData);
    }

    /**
     * Raw GCM decryption of {@code ciphertext || tag}.
     *
     * @throws AuthenticationFailedException if the tag does not verify
     */
    public static byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData) {
        if (ciphertextAndTag == null || ciphertextAndTag.length < TAG_LENGTH) {
            throw new AuthenticationFailedException("ciphertext is shorter than the " + TAG_LENGTH + "-byte tag");
        }
        return run(Cipher.DECRYPT_MODE, key, nonce, ciphertextAndTag, associatedData);
    }

    private static byte[] run(int mode, byte[] key, byte[] nonce, byte[] input, byte[] associatedData) {
        if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
            throw new IllegalArgumentException("an AES key is 16, 24 or 32 bytes, got "
                    + (key == null ? "none" : key.length));
        }
        if (nonce == null || nonce.length == 0) {
            throw new IllegalArgumentException("a GCM nonce must not be empty");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            if (associatedData != null && associatedData.length > 0) {
                cipher.updateAAD(associatedData);
            }
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException("authentication tag does not verify: wrong key, wrong associated "
                    + "data, or altered ciphertext");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JDK: " + e.getMessage(), e);
        }
    }

    private static void requireKeyLength(byte[] key, int length) {
        if (key == null || key.length != length) {
            throw new IllegalArgumentException("an AES-256 key is " + length + " bytes, got "
                    + (key == null ? "none" : key.length));
        }
    }
}
