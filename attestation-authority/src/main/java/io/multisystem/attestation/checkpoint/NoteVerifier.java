package io.multisystem.attestation.checkpoint;

import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.error.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies signed notes against trusted {@link NoteKey}s, as golang.org/x/mod/sumdb/note's {@code Open} does: a
 * signature is matched to a trusted key by name and key hash; signatures by unknown keys are ignored; a signature by a
 * trusted key that fails to verify rejects the whole note ({@link NoteProblem#SIGNATURE_INVALID}); and at least one
 * trusted signature must verify ({@link NoteProblem#NO_TRUSTED_SIGNATURE}). Repeated signatures by one key count once.
 * Signatures use the strict Ed25519 policy. Never throws for a bad note. Immutable, thread-safe.
 */
public final class NoteVerifier {
    private record KeyRef(String name, int hash) {
    }

    private final Map<KeyRef, NoteKey> keys;

    private NoteVerifier(Map<KeyRef, NoteKey> keys) {
        this.keys = keys;
    }

    /**
     * @throws IllegalArgumentException if two keys share a name and key hash (ambiguous) or no key is given
     */
    public static NoteVerifier trusting(Collection<NoteKey> trusted) {
        Map<KeyRef, NoteKey> byRef = new HashMap<>();
        for (NoteKey key : trusted) {
            NoteKey previous = byRef.put(new KeyRef(key.name(), key.keyHash()), key);
            if (previous != null && !previous.equals(key)) {
                throw new IllegalArgumentException("two trusted keys share the name and key hash of " + key.name());
            }
        }
        if (byRef.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted key is needed");
        }
        return new NoteVerifier(Map.copyOf(byRef));
    }

    /** Parses and verifies a signed note message. */
    public NoteVerification verify(String message) {
        Objects.requireNonNull(message, "message");
        SignedNote note;
        try {
            note = SignedNote.parse(message);
        } catch (InvalidInputException e) {
            return new NoteVerification(Optional.empty(), List.of(), 0, NoteProblem.NOTE_MALFORMED, e.getMessage());
        }
        return verify(note);
    }

    /** Verifies an already parsed note. */
    public NoteVerification verify(SignedNote note) {
        byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
        List<String> verifiedBy = new ArrayList<>();
        Set<KeyRef> seen = new HashSet<>();
        int unverified = 0;
        for (NoteSignature signature : note.signatures()) {
            KeyRef ref = new KeyRef(signature.name(), signature.keyHash());
            NoteKey key = keys.get(ref);
            if (key == null) {
                unverified++;
                continue;
            }
            if (!seen.add(ref)) {
                continue;
            }
            if (!Ed25519.verify(key.publicKey(), text, signature.signatureView())) {
                return new NoteVerification(Optional.of(note), List.of(), unverified, NoteProblem.SIGNATURE_INVALID,
                        "the signature by trusted key " + key.name() + "+" + NoteKey.hex8(key.keyHash())
                                + " does not verify over the note text");
            }
            verifiedBy.add(key.name());
        }
        if (verifiedBy.isEmpty()) {
            return new NoteVerification(Optional.of(note), List.of(), unverified, NoteProblem.NO_TRUSTED_SIGNATURE,
                    "none of the note's " + note.signatures().size() + " signatures is by a trusted key");
        }
        return new NoteVerification(Optional.of(note), verifiedBy, unverified, null,
                "verified by " + String.join(", ", verifiedBy));
    }
}
