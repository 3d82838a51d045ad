package io.multisystem.attestation.log;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Client-side verification of Merkle proofs, independent of any log instance.
 *
 * <h2>Design note</h2>
 * Both verifiers follow RFC 9162 literally: {@link #verifyInclusion} is the algorithm of section 2.1.3.2 and
 * {@link #verifyConsistency} that of section 2.1.4.2. The walk over {@code (fn, sn)} (the node's index and the last
 * index at the current level) fixes, for each proof hash, whether it is a left or a right sibling, so the proof length
 * is checked implicitly: a hash left over once {@code sn} reaches 0 means {@link ProofFailure#PROOF_TOO_LONG}, and
 * {@code sn != 0} at the end means {@link ProofFailure#PROOF_TOO_SHORT}. Beyond the RFC:
 * <ul>
 *   <li>every hash that enters a computation must be 32 bytes ({@link ProofFailure#MALFORMED_HASH});</li>
 *   <li>a consistency proof between equal sizes must be empty and the two roots equal; for size 0 the root must be
 *       the empty-tree hash;</li>
 *   <li>a consistency proof from size 0 to a larger size is rejected (it proves nothing).</li>
 * </ul>
 * Roots are compared in constant time. The verifiers never throw for hostile input; a {@code null} argument is a
 * programming error ({@link NullPointerException}). Thread-safe and stateless.
 */
public final class MerkleVerifier {
    private MerkleVerifier() {
    }

    /**
     * Verifies that {@code leafHash} is leaf {@code leafIndex} of the tree of size {@code treeSize} whose root is
     * {@code rootHash}, given the audit path {@code proof} (leaf side first). O(length of proof) hashes.
     */
    public static ProofVerification verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof,
            byte[] rootHash) {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(rootHash, "rootHash");
        if (leafIndex < 0 || leafIndex >= treeSize) {
            return ProofVerification.failed(ProofFailure.LEAF_INDEX_OUT_OF_RANGE,
                    "leaf index " + leafIndex + " is not inside a tree of size " + treeSize);
        }
        ProofVerification malformed = checkHashes(leafHash, rootHash, proof);
        if (malformed != null) {
            return malformed;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return ProofVerification.failed(ProofFailure.PROOF_TOO_LONG,
                        "the audit path has more than the hashes a tree of size " + treeSize + " needs for leaf "
                                + leafIndex);
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = TreeHasher.hashChildren(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = TreeHasher.hashChildren(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return ProofVerification.failed(ProofFailure.PROOF_TOO_SHORT,
                    "the audit path of " + proof.size() + " hashes is too short for leaf " + leafIndex
                            + " of a tree of size " + treeSize);
        }
        if (!MessageDigest.isEqual(r, rootHash)) {
            return ProofVerification.failed(ProofFailure.ROOT_MISMATCH,
                    "the root computed from the leaf and its audit path differs from the given root");
        }
        return ProofVerification.valid();
    }

    /**
     * Verifies that the tree of size {@code oldSize} with root {@code oldRoot} is a prefix of the tree of size
     * {@code newSize} with root {@code newRoot}, given the consistency proof {@code proof}.
     */
    public static ProofVerification verifyConsistency(long oldSize, long newSize, List<byte[]> proof, byte[] oldRoot,
            byte[] newRoot) {
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(oldRoot, "oldRoot");
        Objects.requireNonNull(newRoot, "newRoot");
        if (oldSize < 0 || oldSize > newSize) {
            return ProofVerification.failed(ProofFailure.OLD_SIZE_EXCEEDS_NEW,
                    "the old size " + oldSize + " must be between 0 and the new size " + newSize);
        }
        if (oldSize == newSize) {
            return verifySameTree(oldSize, proof, oldRoot, newRoot);
        }
        if (oldSize == 0) {
            return ProofVerification.failed(ProofFailure.EMPTY_OLD_TREE,
                    "every tree extends the empty tree; a consistency proof from size 0 proves nothing");
        }
        if (proof.isEmpty()) {
            return ProofVerification.failed(ProofFailure.PROOF_EMPTY,
                    "sizes " + oldSize + " and " + newSize + " differ, so the consistency proof cannot be empty");
        }
        ProofVerification malformed = checkHashes(oldRoot, newRoot, proof);
        if (malformed != null) {
            return malformed;
        }
        List<byte[]> path = proof;
        if (Long.bitCount(oldSize) == 1) {
            path = new ArrayList<>(proof.size() + 1);
            path.add(oldRoot);
            path.addAll(proof);
        }
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return ProofVerification.failed(ProofFailure.PROOF_TOO_LONG,
                        "the consistency proof has more hashes than sizes " + oldSize + " and " + newSize + " need");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = TreeHasher.hashChildren(c, fr);
                sr = TreeHasher.hashChildren(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = TreeHasher.hashChildren(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return ProofVerification.failed(ProofFailure.PROOF_TOO_SHORT,
                    "the consistency proof of " + proof.size() + " hashes is too short for sizes " + oldSize + " and "
                            + newSize);
        }
        if (!MessageDigest.isEqual(fr, oldRoot)) {
            return ProofVerification.failed(ProofFailure.OLD_ROOT_MISMATCH,
                    "the old root computed from the proof differs from the given old root");
        }
        if (!MessageDigest.isEqual(sr, newRoot)) {
            return ProofVerification.failed(ProofFailure.ROOT_MISMATCH,
                    "the new root computed from the proof differs from the given new root");
        }
        return ProofVerification.valid();
    }

    private static ProofVerification verifySameTree(long size, List<byte[]> proof, byte[] oldRoot, byte[] newRoot) {
        if (!proof.isEmpty()) {
            return ProofVerification.failed(ProofFailure.PROOF_NOT_EMPTY,
                    "both sizes are " + size + ", so the consistency proof must be empty, it has " + proof.size()
                            + " hashes");
        }
        if (size == 0 && !(MessageDigest.isEqual(oldRoot, TreeHasher.emptyRoot())
                && MessageDigest.isEqual(newRoot, TreeHasher.emptyRoot()))) {
            return ProofVerification.failed(ProofFailure.EMPTY_TREE_ROOT_INVALID,
                    "the root of the empty tree is SHA-256 of the empty string");
        }
        if (!MessageDigest.isEqual(oldRoot, newRoot)) {
            return ProofVerification.failed(ProofFailure.ROOT_MISMATCH,
                    "both sizes are " + size + " but the roots differ");
        }
        return ProofVerification.valid();
    }

    private static ProofVerification checkHashes(byte[] first, byte[] second, List<byte[]> proof) {
        if (first.length != TreeHasher.HASH_LENGTH || second.length != TreeHasher.HASH_LENGTH) {
            return ProofVerification.failed(ProofFailure.MALFORMED_HASH,
                    "leaf and root hashes must be " + TreeHasher.HASH_LENGTH + " bytes");
        }
        for (int i = 0; i < proof.size(); i++) {
            byte[] hash = Objects.requireNonNull(proof.get(i), "proof hash");
            if (hash.length != TreeHasher.HASH_LENGTH) {
                return ProofVerification.failed(ProofFailure.MALFORMED_HASH,
                        "proof hash " + i + " is " + hash.length + " bytes, not " + TreeHasher.HASH_LENGTH);
            }
        }
        return null;
    }
}
