package io.multisystem.attestation.checkpoint;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A transparency log checkpoint (C2SP tlog-checkpoint): the body of a signed note,
 * <pre>
 * &lt;origin&gt;
 * &lt;tree size, decimal, no leading zeros&gt;
 * &lt;root hash, standard base64&gt;
 * [&lt;extension line&gt;...]
 * </pre>
 * each line ending in a newline. Immutable; {@link #rootHash()} returns a copy.
 */
public final class Checkpoint {
    /** Error code of a note text that is not a checkpoint. */
    public static final String MALFORMED = "CHECKPOINT_MALFORMED";
    private static final int HASH_LENGTH = 32;

    private final String origin;
    private final long treeSize;
    private final byte[] rootHash;
    private final List<String> extensions;

    /**
     * @throws InvalidInputException {@value #MALFORMED} if the origin is empty or holds a newline, the size is
     *                               negative, the root hash is not 32 bytes, or an extension line is empty or holds
     *                               a newline
     */
    public Checkpoint(String origin, long treeSize, byte[] rootHash, List<String> extensions) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rootHash, "rootHash");
        if (origin.isEmpty() || origin.indexOf('\n') >= 0) {
            throw malformed("the origin must be one non-empty line, such as example.com/log");
        }
        if (treeSize < 0) {
            throw malformed("the tree size must not be negative, was " + treeSize);
        }
        if (rootHash.length != HASH_LENGTH) {
            throw malformed("the root hash must be " + HASH_LENGTH + " bytes, was " + rootHash.length);
        }
        for (String line : extensions) {
            if (line.isEmpty() || line.indexOf('\n') >= 0) {
                throw malformed("extension lines must be non-empty single lines");
            }
        }
        this.origin = origin;
        this.treeSize = treeSize;
        this.rootHash = rootHash.clone();
        this.extensions = List.copyOf(extensions);
    }

    public Checkpoint(String origin, long treeSize, byte[] rootHash) {
        this(origin, treeSize, rootHash, List.of());
    }

    /**
     * Parses a checkpoint from note text.
     *
     * @throws InvalidInputException {@value #MALFORMED} saying which line is wrong
     */
    public static Checkpoint parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.endsWith("\n")) {
            throw malformed("a checkpoint ends with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw malformed("a checkpoint has at least three lines: origin, tree size, root hash");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw malformed("line 2 must be the tree size in decimal without leading zeros, got '" + lines[1] + "'");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw malformed("line 2, the tree size, is too large: " + lines[1]);
        }
        byte[] root = NoteKey.decodeCanonicalBase64(lines[2]);
        if (root == null) {
            throw malformed("line 3 must be the root hash in standard base64, got '" + lines[2] + "'");
        }
        return new Checkpoint(lines[0], size, root, new ArrayList<>(Arrays.asList(lines).subList(3, lines.length)));
    }

    /** The note text: origin, size, root hash and extension lines, each followed by a newline. */
    public String toNoteText() {
        StringBuilder out = new StringBuilder(origin).append('\n').append(treeSize).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        extensions.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** This checkpoint signed by {@code signer}, as a signed note message. */
    public String sign(NoteSigner signer) {
        return SignedNote.sign(toNoteText(), List.of(signer)).format();
    }

    public String origin() {
        return origin;
    }

    public long treeSize() {
        return treeSize;
    }

    public byte[] rootHash() {
        return rootHash.clone();
    }

    public List<String> extensions() {
        return extensions;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that && origin.equals(that.origin) && treeSize == that.treeSize
                && Arrays.equals(rootHash, that.rootHash) && extensions.equals(that.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, treeSize, Arrays.hashCode(rootHash), extensions);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", size " + treeSize + "]";
    }

    private static InvalidInputException malformed(String message) {
        return new InvalidInputException(AttestationComponent.NAME, MALFORMED, message);
    }
}
