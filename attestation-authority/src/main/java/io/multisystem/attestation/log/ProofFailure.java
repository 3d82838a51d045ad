package io.multisystem.attestation.log;

/** Why a Merkle proof was rejected. The names are stable codes, reported to clients as they are. */
public enum ProofFailure {
    /** A hash (leaf, root or proof element) is not 32 bytes. */
    MALFORMED_HASH,
    /** The leaf index is not below the tree size (including every index of an empty tree). */
    LEAF_INDEX_OUT_OF_RANGE,
    /** The old tree size of a consistency proof exceeds the new one. */
    OLD_SIZE_EXCEEDS_NEW,
    /** A consistency proof from the empty tree to a non-empty one proves nothing and is not accepted. */
    EMPTY_OLD_TREE,
    /** The root claimed for the empty tree is not SHA-256 of the empty string. */
    EMPTY_TREE_ROOT_INVALID,
    /** Equal sizes need an empty consistency proof. */
    PROOF_NOT_EMPTY,
    /** Different sizes need a non-empty consistency proof. */
    PROOF_EMPTY,
    /** The proof has more hashes than the tree sizes allow. */
    PROOF_TOO_LONG,
    /** The proof has fewer hashes than the tree sizes need. */
    PROOF_TOO_SHORT,
    /** The root recomputed from the proof differs from the claimed (new) root. */
    ROOT_MISMATCH,
    /** The old root recomputed from a consistency proof differs from the claimed old root. */
    OLD_ROOT_MISMATCH
}
