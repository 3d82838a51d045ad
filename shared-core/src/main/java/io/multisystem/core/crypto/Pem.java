package io.multisystem.core.crypto;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Ed25519 keys as PEM text: private keys as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), public keys as X.509
 * SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}), both per RFC 8410 and RFC 7468, as OpenSSL writes them.
 * Encrypted PEM is not supported here (the systems encrypt keys at rest with {@link AesGcm}). Thread-safe.
 */
public final class Pem {
    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String PUBLIC_KEY = "PUBLIC KEY";

    private Pem() {
    }

    public static String writePublicKey(Ed25519PublicKey key) {
        return write(PUBLIC_KEY, key.toSpkiDer());
    }

    public static String writePrivateKey(Ed25519PrivateKey key) {
        byte[] der = key.toPkcs8Der();
        try {
            return write(PRIVATE_KEY, der);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** @throws KeyFormatException if the text holds no PUBLIC KEY block or not an Ed25519 key */
    public static Ed25519PublicKey readPublicKey(String pem) {
        return Ed25519PublicKey.fromRaw(KeyEncodings.spkiToPublicKey(read(pem, PUBLIC_KEY)));
    }

    /** @throws KeyFormatException if the text holds no PRIVATE KEY block or not an Ed25519 key */
    public static Ed25519PrivateKey readPrivateKey(String pem) {
        byte[] der = read(pem, PRIVATE_KEY);
        byte[] seed = KeyEncodings.pkcs8ToSeed(der);
        try {
            return Ed25519PrivateKey.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(der, (byte) 0);
        }
    }

    /** A public key from raw DER SubjectPublicKeyInfo bytes. */
    public static Ed25519PublicKey publicKeyFromSpkiDer(byte[] der) {
        return Ed25519PublicKey.fromRaw(KeyEncodings.spkiToPublicKey(der));
    }

    private static String write(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static byte[] read(String pem, String expectedType) {
        if (pem == null || pem.isBlank()) {
            throw new KeyFormatException("expected a PEM '" + expectedType + "' block, got empty text", null);
        }
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject object = reader.readPemObject();
            if (object == null) {
                throw new KeyFormatException("expected a PEM '-----BEGIN " + expectedType + "-----' block", null);
            }
            if (!expectedType.equals(object.getType())) {
                throw new KeyFormatException("expected a PEM '" + expectedType + "' block, got '" + object.getType()
                        + "'", null);
            }
            return object.getContent();
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyFormatException kfe) {
                throw kfe;
            }
            throw new KeyFormatException("malformed PEM: " + e.getMessage(), e);
        }
    }
}
