package io.multisystem.attestation.dsse;

/** Why an envelope was not accepted. The names are stable codes, reported to clients as they are. */
public enum EnvelopeProblem {
    /** The envelope could not be read (bad JSON, missing member, bad base64). */
    MALFORMED_ENVELOPE,
    /** The envelope's payload type is not the one the caller expects. */
    PAYLOAD_TYPE_MISMATCH,
    /** The envelope carries no signature at all. */
    NO_SIGNATURES,
    /** A signature names a key that is not trusted (or names none and matches no trusted key). */
    UNKNOWN_KEY,
    /** A signature by a trusted key does not verify (tampered payload or type, wrong length, forged). */
    SIGNATURE_INVALID,
    /** Fewer distinct trusted keys signed validly than the verifier's threshold requires. */
    THRESHOLD_NOT_MET
}
