package io.multisystem.attestation.checkpoint;

import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Signs note texts with an Ed25519 key under a key name (C2SP signed-note). Text form of a signer key:
 * {@code PRIVATE+KEY+<name>+<8 hex digits of the key hash>+<base64(0x01 || seed)>}. Thread-safe; {@link #toString()}
 * never shows the key.
 */
public final class NoteSigner {
    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";

    private final NoteKey verifierKey;
    private final Ed25519PrivateKey privateKey;

    private NoteSigner(String name, Ed25519PrivateKey privateKey) {
        this.verifierKey = new NoteKey(name, privateKey.publicKey());
        this.privateKey = privateKey;
    }

    /**
     * @throws io.multisystem.core.error.InvalidInputException {@code NOTE_KEY_INVALID} if the name is invalid
     */
    public static NoteSigner of(String name, Ed25519PrivateKey privateKey) {
        return new NoteSigner(name, Objects.requireNonNull(privateKey, "privateKey"));
    }

    /**
     * Parses a signer key text.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code NOTE_KEY_INVALID} saying which part is wrong
     */
    public static NoteSigner parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.startsWith(PRIVATE_PREFIX)) {
            throw NoteKey.invalid("a signer key starts with PRIVATE+KEY+");
        }
        String[] parts = text.substring(PRIVATE_PREFIX.length()).split("\\+", 3);
        if (parts.length != 3) {
            throw NoteKey.invalid("a signer key has the form PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>");
        }
        NoteKey.requireValidName(parts[0]);
        int hash = NoteKey.parseHex8(parts[1]);
        byte[] typed = NoteKey.decodeCanonicalBase64(parts[2]);
        if (typed == null || typed.length != 1 + Ed25519PrivateKey.SEED_LENGTH || typed[0] != NoteKey.ED25519_TYPE) {
            throw NoteKey.invalid("the key part must be base64 of 0x01 followed by a 32-byte Ed25519 seed");
        }
        byte[] seed = Arrays.copyOfRange(typed, 1, typed.length);
        Arrays.fill(typed, (byte) 0);
        NoteSigner signer;
        try {
            signer = new NoteSigner(parts[0], Ed25519PrivateKey.fromSeed(seed));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        if (signer.verifierKey.keyHash() != hash) {
            throw NoteKey.invalid("the key hash " + parts[1] + " does not match the name and key");
        }
        return signer;
    }

    /** The matching verifier key, to publish. */
    public NoteKey verifierKey() {
        return verifierKey;
    }

    public String name() {
        return verifierKey.name();
    }

    /** The signature of {@code text} (the note text, ending in a newline). */
    public NoteSignature sign(String text) {
        byte[] signature = Ed25519.sign(privateKey, text.getBytes(StandardCharsets.UTF_8));
        return new NoteSignature(verifierKey.name(), verifierKey.keyHash(), signature);
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifierKey.encode() + "]";
    }
}
