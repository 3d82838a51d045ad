package io.multisystem.attestation.keys;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.crypto.AesGcm;
import io.multisystem.core.crypto.SecretFiles;
import io.multisystem.core.crypto.AuthenticationFailedException;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The key-encryption key (KEK) that seals private signing keys at rest with AES-256-GCM: 32 bytes, given as base64
 * (or 64 hex digits) in a file or an environment variable. Sealing binds the ciphertext to the key id (associated
 * data), so a sealed key moved to another row does not open. {@link #toString()} never shows the key. Thread-safe.
 */
public final class KeyEncryptionKey {
    private final byte[] key;

    private KeyEncryptionKey(byte[] key) {
        this.key = key;
    }

    /**
     * Parses base64 or hex text of 32 bytes.
     *
     * @throws InvalidInputException {@code KEK_INVALID} if the text is not 32 bytes in base64 or hex
     */
    public static KeyEncryptionKey parse(String text, String source) {
        String trimmed = Objects.requireNonNull(text, "text").strip();
        byte[] bytes = null;
        if (trimmed.matches("[0-9a-fA-F]{64}")) {
            bytes = new byte[32];
            for (int i = 0; i < 32; i++) {
                bytes[i] = (byte) Integer.parseInt(trimmed.substring(2 * i, 2 * i + 2), 16);
            }
        } else {
            try {
                bytes = Base64.getDecoder().decode(trimmed);
            } catch (IllegalArgumentException ignored) {
                bytes = null;
            }
        }
        if (bytes == null || bytes.length != AesGcm.KEY_LENGTH) {
            throw new InvalidInputException(AttestationComponent.NAME, "KEK_INVALID", "the key-encryption key from "
                    + source + " must be 32 bytes as base64 (44 characters) or 64 hex digits");
        }
        return new KeyEncryptionKey(bytes);
    }

    /** Reads the KEK from a file. */
    public static KeyEncryptionKey fromFile(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII), "file " + file);
        } catch (IOException e) {
            throw new InvalidInputException(AttestationComponent.NAME, "KEK_INVALID",
                    "cannot read the key-encryption key file " + file + ": " + e.getMessage());
        }
    }

    /** Reads the KEK from a file, creating it (random, owner-only permissions) when it does not exist. */
    public static KeyEncryptionKey fromFileOrCreate(Path file) {
        if (!Files.exists(file)) {
            byte[] fresh = AesGcm.generateKey();
            try {
                SecretFiles.writeOwnerOnly(file, Base64.getEncoder().encodeToString(fresh) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the key-encryption key file " + file, e);
            } finally {
                Arrays.fill(fresh, (byte) 0);
            }
        }
        return fromFile(file);
    }

    /** A KEK from raw bytes (tests, benchmarks). */
    public static KeyEncryptionKey of(byte[] key) {
        if (key.length != AesGcm.KEY_LENGTH) {
            throw new IllegalArgumentException("a key-encryption key is 32 bytes");
        }
        return new KeyEncryptionKey(key.clone());
    }

    /** The seed of {@code privateKey} sealed for storage under {@code keyId}. */
    public byte[] seal(Ed25519PrivateKey privateKey, KeyId keyId) {
        byte[] seed = privateKey.seed();
        try {
            return AesGcm.seal(key, seed, keyId.value().getBytes(StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Opens a sealed private key.
     *
     * @throws FailedPreconditionException {@code KEK_MISMATCH} if this KEK did not seal it (or the row was altered)
     */
    public Ed25519PrivateKey open(byte[] sealed, KeyId keyId) {
        byte[] seed;
        try {
            seed = AesGcm.open(key, sealed, keyId.value().getBytes(StandardCharsets.US_ASCII));
        } catch (AuthenticationFailedException e) {
            throw new FailedPreconditionException(AttestationComponent.NAME, "KEK_MISMATCH", "the private key of "
                    + keyId + " does not decrypt: configure the key-encryption key it was stored with");
        }
        try {
            return Ed25519PrivateKey.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[***]";
    }
}
