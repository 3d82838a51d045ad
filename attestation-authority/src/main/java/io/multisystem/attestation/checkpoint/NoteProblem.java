package io.multisystem.attestation.checkpoint;

/** Why a signed note or checkpoint was rejected. The names are stable codes, reported to clients as they are. */
public enum NoteProblem {
    /** The message is not a well-formed signed note. */
    NOTE_MALFORMED,
    /** The note text is not a well-formed checkpoint (origin, tree size, root hash, extension lines). */
    CHECKPOINT_MALFORMED,
    /** The checkpoint names another log than the one expected. */
    ORIGIN_MISMATCH,
    /** No signature comes from a trusted key (by name and key hash). */
    NO_TRUSTED_SIGNATURE,
    /** A signature claiming to be by a trusted key does not verify. */
    SIGNATURE_INVALID
}
