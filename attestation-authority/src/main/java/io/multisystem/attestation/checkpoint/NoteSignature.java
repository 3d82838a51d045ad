package io.multisystem.attestation.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code "— " name " " base64(keyHash (4 bytes, big-endian) || signature) "\n"}.
 * Immutable; {@link #signature()} returns a copy.
 */
public final class NoteSignature {
    private final String name;
    private final int keyHash;
    private final byte[] signature;

    public NoteSignature(String name, int keyHash, byte[] signature) {
        this.name = Objects.requireNonNull(name, "name");
        this.keyHash = keyHash;
        this.signature = Objects.requireNonNull(signature, "signature").clone();
    }

    public String name() {
        return name;
    }

    public int keyHash() {
        return keyHash;
    }

    public byte[] signature() {
        return signature.clone();
    }

    byte[] signatureView() {
        return signature;
    }

    /** The line as it appears in the note, with the leading em dash and the trailing newline. */
    public String toLine() {
        byte[] blob = ByteBuffer.allocate(4 + signature.length).putInt(keyHash).put(signature).array();
        return SignedNote.SIGNATURE_PREFIX + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteSignature that && name.equals(that.name) && keyHash == that.keyHash
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyHash, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "NoteSignature[" + name + "+" + NoteKey.hex8(keyHash) + "]";
    }
}
