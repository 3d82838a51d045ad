package io.multisystem.attestation.checkpoint;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PublicKey;
import io.multisystem.core.crypto.Hasher;
import io.multisystem.core.error.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A signed-note verifier key (C2SP signed-note): a key name and an Ed25519 public key. Its 4-byte key hash is the
 * first four bytes of {@code SHA-256(name || 0x0A || 0x01 || publicKey)} (0x01 is the Ed25519 signature type), read
 * big-endian. Text form: {@code <name>+<8 hex digits of the key hash>+<base64(0x01 || publicKey)>}.
 * Immutable value type.
 *
 * @param name      the key name: non-empty, no whitespace, no '+'
 * @param publicKey the Ed25519 key
 */
public record NoteKey(String name, Ed25519PublicKey publicKey) {
    /** The signature-type byte of Ed25519 keys in signed notes. */
    static final byte ED25519_TYPE = 0x01;
    static final String KEY_INVALID = "NOTE_KEY_INVALID";

    /**
     * @throws InvalidInputException {@value #KEY_INVALID} if the name is not a valid key name
     */
    public NoteKey {
        Objects.requireNonNull(publicKey, "publicKey");
        requireValidName(name);
    }

    /** The key hash that identifies this key in signature lines. */
    public int keyHash() {
        return keyHash(name, publicKey);
    }

    /** The verifier key text, e.g. {@code PeterNeumann+c74f20a3+ARpc2QcU...}. */
    public String encode() {
        byte[] typed = new byte[1 + Ed25519PublicKey.LENGTH];
        typed[0] = ED25519_TYPE;
        System.arraycopy(publicKey.raw(), 0, typed, 1, Ed25519PublicKey.LENGTH);
        return name + "+" + hex8(keyHash()) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /**
     * Parses a verifier key text. The key hash in the text must match the name and key, and the key must pass the
     * strict Ed25519 key checks.
     *
     * @throws InvalidInputException {@value #KEY_INVALID} saying which part is wrong
     */
    public static NoteKey parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.split("\\+", 3);
        if (parts.length != 3) {
            throw invalid("a verifier key has the form <name>+<8 hex digits>+<base64 key>");
        }
        String name = parts[0];
        requireValidName(name);
        int hash = parseHex8(parts[1]);
        byte[] typed = decodeCanonicalBase64(parts[2]);
        if (typed == null || typed.length != 1 + Ed25519PublicKey.LENGTH || typed[0] != ED25519_TYPE) {
            throw invalid("the key part must be base64 of 0x01 followed by a 32-byte Ed25519 public key");
        }
        byte[] raw = new byte[Ed25519PublicKey.LENGTH];
        System.arraycopy(typed, 1, raw, 0, raw.length);
        if (!Ed25519.isAcceptedPublicKey(raw)) {
            throw invalid("the Ed25519 public key is not canonical or has small order");
        }
        NoteKey key = new NoteKey(name, Ed25519PublicKey.fromRaw(raw));
        if (key.keyHash() != hash) {
            throw invalid("the key hash " + parts[1] + " does not match the name and key (expected "
                    + hex8(key.keyHash()) + ")");
        }
        return key;
    }

    static int keyHash(String name, Ed25519PublicKey publicKey) {
        byte[] digest = Hasher.sha256().update(name.getBytes(StandardCharsets.UTF_8)).update((byte) '\n')
                .update(ED25519_TYPE).update(publicKey.raw()).digest();
        return (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
    }

    /** Whether {@code name} is a valid key name: non-empty, no whitespace, no '+'. */
    static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('+') >= 0) {
            return false;
        }
        return name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isISOControl(c));
    }

    static void requireValidName(String name) {
        if (!isValidName(name)) {
            throw invalid("a key name must be non-empty with no spaces and no '+', got '" + name + "'");
        }
    }

    static String hex8(int value) {
        return HexFormat.of().toHexDigits(value);
    }

    static int parseHex8(String text) {
        if (!text.matches("[0-9a-f]{8}")) {
            throw invalid("the key hash must be 8 lowercase hex digits, got '" + text + "'");
        }
        return (int) Long.parseLong(text, 16);
    }

    /** Standard base64 with padding, or null if {@code text} is not exactly that encoding of some bytes. */
    static byte[] decodeCanonicalBase64(String text) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            return Base64.getEncoder().encodeToString(bytes).equals(text) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static InvalidInputException invalid(String message) {
        return new InvalidInputException(AttestationComponent.NAME, KEY_INVALID, message);
    }
}
