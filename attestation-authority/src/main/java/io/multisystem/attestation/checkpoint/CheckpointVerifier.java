package io.multisystem.attestation.checkpoint;

import io.multisystem.core.error.InvalidInputException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies signed checkpoints of one log: the note must verify under the log's key (see {@link NoteVerifier}; other
 * signatures, such as witness cosignatures by unknown keys, are ignored), its text must be a well-formed
 * {@link Checkpoint}, and its origin must be the expected one. Never throws for a bad checkpoint. Immutable,
 * thread-safe.
 */
public final class CheckpointVerifier {
    private final String origin;
    private final NoteVerifier notes;

    private CheckpointVerifier(String origin, NoteVerifier notes) {
        this.origin = origin;
        this.notes = notes;
    }

    /** A verifier of checkpoints with origin {@code origin} signed by {@code logKey}. */
    public static CheckpointVerifier of(String origin, NoteKey logKey) {
        Objects.requireNonNull(origin, "origin");
        return new CheckpointVerifier(origin, NoteVerifier.trusting(List.of(logKey)));
    }

    public CheckpointVerification verify(String signedCheckpoint) {
        NoteVerification note = notes.verify(signedCheckpoint);
        if (!note.isVerified()) {
            return new CheckpointVerification(Optional.empty(), note.problem(), note.detail());
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(note.note().orElseThrow().text());
        } catch (InvalidInputException e) {
            return new CheckpointVerification(Optional.empty(), NoteProblem.CHECKPOINT_MALFORMED, e.getMessage());
        }
        if (!checkpoint.origin().equals(origin)) {
            return new CheckpointVerification(Optional.empty(), NoteProblem.ORIGIN_MISMATCH,
                    "the checkpoint is for '" + checkpoint.origin() + "', not the expected '" + origin + "'");
        }
        return new CheckpointVerification(Optional.of(checkpoint), null,
                "checkpoint of " + origin + " at size " + checkpoint.treeSize() + " verified");
    }
}
