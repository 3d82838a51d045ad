package io.multisystem.attestation.log;

import java.util.List;

/**
 * An RFC 9162 (section 2.1.3) inclusion proof: the audit path of leaf {@code leafIndex} in the tree of size
 * {@code treeSize}, sibling hashes ordered from the leaf up to the root. Immutable; accessors return copies.
 */
public final class InclusionProof {
    private final long leafIndex;
    private final long treeSize;
    private final List<byte[]> hashes;

    /**
     * @throws IllegalArgumentException if the index is negative or not below the tree size
     */
    public InclusionProof(long leafIndex, long treeSize, List<byte[]> hashes) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf index " + leafIndex + " is outside a tree of size " + treeSize);
        }
        this.leafIndex = leafIndex;
        this.treeSize = treeSize;
        this.hashes = ProofHashes.copyOf(hashes);
    }

    public long leafIndex() {
        return leafIndex;
    }

    public long treeSize() {
        return treeSize;
    }

    /** The audit path, leaf side first (a fresh mutable copy). */
    public List<byte[]> hashes() {
        return ProofHashes.copyOut(hashes);
    }

    /** Number of hashes in the audit path, at most {@code ceil(log2(treeSize))}. */
    public int length() {
        return hashes.size();
    }

    /**
     * Whether this proof shows that {@code leafHash} is leaf {@link #leafIndex()} of the tree with {@code rootHash};
     * see {@link MerkleVerifier#verifyInclusion}.
     */
    public ProofVerification verify(byte[] leafHash, byte[] rootHash) {
        return MerkleVerifier.verifyInclusion(leafIndex, treeSize, leafHash, hashes, rootHash);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InclusionProof that && leafIndex == that.leafIndex && treeSize == that.treeSize
                && ProofHashes.equal(hashes, that.hashes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(leafIndex) + Long.hashCode(treeSize)) + ProofHashes.hash(hashes);
    }

    @Override
    public String toString() {
        return "InclusionProof[leafIndex=" + leafIndex + ", treeSize=" + treeSize + ", hashes=" + hashes.size() + "]";
    }
}
