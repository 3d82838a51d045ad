package io.multisystem.attestation.checkpoint;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.error.InvalidInputException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A signed note (C2SP signed-note): a UTF-8 text ending in a newline, a blank line, then one or more signature lines
 * {@code "— <key name> <base64(key hash || signature)>"}, each ending in a newline. The signatures cover the text
 * bytes, including its final newline.
 *
 * <h2>Parsing rules</h2>
 * Following the spec and its reference implementation (golang.org/x/mod/sumdb/note): the message is valid Unicode and contains no ASCII
 * control character (including DEL) but newline; the text is everything up to and including the first newline of the last
 * {@code "\n\n"}; every following line is a signature line whose name is a valid key name and whose base64 (standard,
 * canonical) decodes to at least 5 bytes; at most {@value #MAX_SIGNATURES} signature lines. Parsing does not verify;
 * see {@link NoteVerifier}. Immutable.
 */
public final class SignedNote {
    /** Error code of an unparseable note. */
    public static final String MALFORMED = "NOTE_MALFORMED";
    static final String SIGNATURE_PREFIX = "\u2014 ";
    private static final int MAX_SIGNATURES = 100;

    private final String text;
    private final List<NoteSignature> signatures;

    private SignedNote(String text, List<NoteSignature> signatures) {
        this.text = text;
        this.signatures = List.copyOf(signatures);
    }

    /**
     * Signs {@code text} with every signer.
     *
     * @throws InvalidInputException {@value #MALFORMED} if the text is empty, does not end in a newline, or holds a
     *                               control character other than newline
     */
    public static SignedNote sign(String text, List<NoteSigner> signers) {
        Objects.requireNonNull(text, "text");
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("at least one signer is needed");
        }
        checkText(text);
        List<NoteSignature> signatures = new ArrayList<>();
        for (NoteSigner signer : signers) {
            signatures.add(signer.sign(text));
        }
        return new SignedNote(text, signatures);
    }

    /**
     * Parses a signed note without verifying it.
     *
     * @throws InvalidInputException {@value #MALFORMED} saying what breaks the format
     */
    public static SignedNote parse(String message) {
        Objects.requireNonNull(message, "message");
        if (message.codePoints().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x7f)) {
            throw malformed("a signed note contains no control characters other than newline");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(message)) {
            throw malformed("a signed note must be valid UTF-8");
        }
        int split = message.lastIndexOf("\n\n");
        if (split < 0) {
            throw malformed("a signed note needs a blank line between the text and the signatures");
        }
        String text = message.substring(0, split + 1);
        String block = message.substring(split + 2);
        if (block.isEmpty() || !block.endsWith("\n")) {
            throw malformed("the signature block must hold at least one signature line, each ending in a newline");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        for (String line : block.substring(0, block.length() - 1).split("\n", -1)) {
            if (signatures.size() == MAX_SIGNATURES) {
                throw malformed("a signed note carries at most " + MAX_SIGNATURES + " signatures");
            }
            signatures.add(parseSignatureLine(line));
        }
        return new SignedNote(text, signatures);
    }

    private static NoteSignature parseSignatureLine(String line) {
        if (!line.startsWith(SIGNATURE_PREFIX)) {
            throw malformed("signature lines start with an em dash (U+2014) and a space: '" + line + "'");
        }
        String rest = line.substring(SIGNATURE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw malformed("a signature line is '— <key name> <base64 signature>': '" + line + "'");
        }
        String name = rest.substring(0, space);
        byte[] blob = NoteKey.decodeCanonicalBase64(rest.substring(space + 1));
        if (!NoteKey.isValidName(name) || blob == null || blob.length < 5) {
            throw malformed("a signature line needs a valid key name and the base64 of a 4-byte key hash and a "
                    + "signature: '" + line + "'");
        }
        int keyHash = ByteBuffer.wrap(blob, 0, 4).getInt();
        return new NoteSignature(name, keyHash, Arrays.copyOfRange(blob, 4, blob.length));
    }

    static void checkText(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw malformed("a note text must be non-empty and end with a newline");
        }
        if (text.codePoints().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x7f)) {
            throw malformed("a note text contains no control characters other than newline");
        }
    }

    /** The signed text, ending in a newline. */
    public String text() {
        return text;
    }

    public List<NoteSignature> signatures() {
        return signatures;
    }

    /** The note in its wire form: text, blank line, signature lines. */
    public String format() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(signature -> out.append(signature.toLine()));
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedNote that && text.equals(that.text) && signatures.equals(that.signatures);
    }

    @Override
    public int hashCode() {
        return 31 * text.hashCode() + signatures.hashCode();
    }

    @Override
    public String toString() {
        return format();
    }

    static InvalidInputException malformed(String message) {
        return new InvalidInputException(AttestationComponent.NAME, MALFORMED, message);
    }
}
