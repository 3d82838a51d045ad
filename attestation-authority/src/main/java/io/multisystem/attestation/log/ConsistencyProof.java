package io.multisystem.attestation.log;

import java.util.List;

/**
 * An RFC 9162 (section 2.1.4) consistency proof that the tree of size {@code oldSize} is a prefix of the tree of
 * size {@code newSize}. Immutable; accessors return copies.
 */
public final class ConsistencyProof {
    private final long oldSize;
    private final long newSize;
    private final List<byte[]> hashes;

    /**
     * @throws IllegalArgumentException unless {@code 0 <= oldSize <= newSize}
     */
    public ConsistencyProof(long oldSize, long newSize, List<byte[]> hashes) {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("sizes must satisfy 0 <= oldSize <= newSize, got " + oldSize + " and "
                    + newSize);
        }
        this.oldSize = oldSize;
        this.newSize = newSize;
        this.hashes = ProofHashes.copyOf(hashes);
    }

    public long oldSize() {
        return oldSize;
    }

    public long newSize() {
        return newSize;
    }

    /** The proof hashes in RFC 9162 order (a fresh mutable copy). */
    public List<byte[]> hashes() {
        return ProofHashes.copyOut(hashes);
    }

    public int length() {
        return hashes.size();
    }

    /** See {@link MerkleVerifier#verifyConsistency}. */
    public ProofVerification verify(byte[] oldRoot, byte[] newRoot) {
        return MerkleVerifier.verifyConsistency(oldSize, newSize, hashes, oldRoot, newRoot);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsistencyProof that && oldSize == that.oldSize && newSize == that.newSize
                && ProofHashes.equal(hashes, that.hashes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(oldSize) + Long.hashCode(newSize)) + ProofHashes.hash(hashes);
    }

    @Override
    public String toString() {
        return "ConsistencyProof[oldSize=" + oldSize + ", newSize=" + newSize + ", hashes=" + hashes.size() + "]";
    }
}
