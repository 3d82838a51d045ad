package io.multisystem.attestation.log;

/**
 * Append-only storage of a Merkle log's leaf hashes and of the hashes of its complete (perfect) subtrees, addressed
 * by {@code (level, index)}: level 0 holds the leaf hashes, and the node at level {@code l}, index {@code i} is the
 * root of the perfect subtree over leaves {@code [i * 2^l, (i + 1) * 2^l)}. Only perfect subtrees are ever stored;
 * the hashes along the right edge of a tree whose size is not a power of two are recomputed on demand from O(log n)
 * stored hashes, so a stored hash never changes once written.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Appends happen one leaf at a time, atomically: {@link #append} stores the new leaf hash together with the
 *       hashes of every perfect subtree that the leaf completes, and only then publishes the new {@link #size()}.
 *       A reader that observed size {@code n} can read every hash of the tree of size {@code n}.</li>
 *   <li>One writer at a time ({@link MerkleLog} serialises appends); any number of concurrent readers.</li>
 *   <li>Implementations do not hash; {@link MerkleLog} computes every hash and the store only keeps them.</li>
 * </ul>
 *
 * <p>The in-memory implementation comes from {@link HashStores#inMemory()}; durable ones (file, SQL) implement the
 * same contract.
 */
public interface HashStore {
    /** Number of leaves stored; the tree size. Never decreases. */
    long size();

    /**
     * The hash of the perfect subtree at {@code (level, index)}, i.e. over leaves {@code [index << level,
     * (index + 1) << level)}.
     *
     * @throws IndexOutOfBoundsException if that subtree is not complete in the current tree, i.e.
     *                                   {@code (index + 1) << level > size()}, or if level or index is negative
     */
    byte[] hash(int level, long index);

    /**
     * Appends leaf number {@link #size()} (call it {@code n}): {@code hashes[0]} is its leaf hash, and
     * {@code hashes[l]} for {@code l >= 1} the hash of the perfect subtree at {@code (l, n >> l)} that it completes.
     * {@code hashes.length} is therefore {@code 1 + numberOfTrailingZeros(n + 1)}.
     *
     * @throws IllegalArgumentException if the number of hashes does not match, or a hash is not 32 bytes
     */
    void append(byte[][] hashes);
}
