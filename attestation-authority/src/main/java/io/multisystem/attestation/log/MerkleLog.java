package io.multisystem.attestation.log;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An append-only Merkle log hashed as RFC 6962 / RFC 9162 (see {@link TreeHasher}), keeping its hashes in a
 * {@link HashStore}.
 *
 * <h2>Design note</h2>
 * Invariants:
 * <ul>
 *   <li>The store holds, for the current size {@code n}, the hash of every perfect subtree {@code (level, index)}
 *       with {@code (index + 1) << level <= n}. Appending leaf {@code n} writes its leaf hash and the perfect subtrees
 *       it completes ({@code numberOfTrailingZeros(n + 1)} of them): amortised two hashes per append.</li>
 *   <li>The <em>frontier</em> (the roots of the perfect subtrees that tile {@code [0, n)}, one per set bit of
 *       {@code n}; a "compact range") is kept in memory, so appends read nothing from the store and the current root
 *       costs at most 63 hash operations. It is rebuilt from {@code popcount(n)} reads when a log is opened.</li>
 *   <li>Any subtree of the tree of size {@code m <= n} that appears in a proof, {@code [start, min(start + 2^l, m))}
 *       with {@code start} a multiple of {@code 2^l}, is either stored (perfect) or the right edge of tree {@code m},
 *       which is the right-fold of at most {@code l} stored perfect subtrees. An inclusion proof therefore costs at
 *       most one read per level plus one right-edge decomposition: at most {@code 2 * ceil(log2 m)} reads; a
 *       consistency proof one more. Nothing is ever rebuilt from the leaves.</li>
 * </ul>
 * Proof shapes follow RFC 9162 sections 2.1.3.1 (PATH) and 2.1.4.1 (SUBPROOF), computed bottom-up as in
 * transparency-dev/merkle: the inclusion path of node {@code (level, index)} lists, level by level, the sibling of
 * the node's ancestor when that sibling exists in tree {@code m}.
 *
 * <h2>Thread safety</h2>
 * Appends are serialised by a lock. Roots and proofs may be computed concurrently with appends: they read only
 * hashes of trees no larger than the size they were asked for, and stored hashes never change.
 */
public final class MerkleLog {
    private static final String COMPONENT = AttestationComponent.NAME;
    private static final int MAX_LEVELS = 64;

    private final HashStore store;
    private final Object appendLock = new Object();
    /** Frontier of the published size: {@code frontier[l]} is non-null exactly when bit {@code l} of size is set. */
    private volatile Frontier frontier;

    private record Frontier(long size, byte[][] roots) {
    }

    private MerkleLog(HashStore store) {
        this.store = store;
        long size = store.size();
        byte[][] roots = new byte[MAX_LEVELS][];
        for (int level = 0; level < MAX_LEVELS - 1; level++) {
            if ((size >>> level & 1) == 1) {
                roots[level] = store.hash(level, (size >>> level) - 1);
            }
        }
        this.frontier = new Frontier(size, roots);
    }

    /** A log over {@code store}, which may already hold leaves (reads {@code popcount(size)} hashes). */
    public static MerkleLog open(HashStore store) {
        return new MerkleLog(Objects.requireNonNull(store, "store"));
    }

    /** A new empty log in memory. */
    public static MerkleLog inMemory() {
        return open(HashStores.inMemory());
    }

    /** The number of leaves: the current tree size. */
    public long size() {
        return frontier.size;
    }

    /**
     * Appends an entry; its leaf hash is {@code SHA-256(0x00 || entry)}.
     *
     * @return the entry's leaf index
     */
    public long append(byte[] entry) {
        return appendLeafHash(TreeHasher.hashLeaf(entry));
    }

    /**
     * Appends an already computed leaf hash (see {@link TreeHasher#hashLeaf}). Atomic: if the store fails, nothing
     * changes.
     *
     * @return the leaf index
     * @throws IllegalArgumentException if the hash is not 32 bytes
     */
    public long appendLeafHash(byte[] leafHash) {
        TreeHasher.requireHash(leafHash, "leafHash");
        synchronized (appendLock) {
            Frontier current = frontier;
            long index = current.size;
            int completed = Long.numberOfTrailingZeros(index + 1);
            byte[][] hashes = new byte[completed + 1][];
            byte[][] roots = current.roots.clone();
            byte[] hash = leafHash.clone();
            hashes[0] = hash;
            for (int level = 0; level < completed; level++) {
                hash = TreeHasher.hashChildren(roots[level], hash);
                roots[level] = null;
                hashes[level + 1] = hash;
            }
            roots[completed] = hash;
            store.append(hashes);
            frontier = new Frontier(index + 1, roots);
            return index;
        }
    }

    /** The root hash of the current tree; the empty-tree hash when empty. No store reads. */
    public byte[] rootHash() {
        Frontier current = frontier;
        byte[] root = null;
        for (int level = 0; level < MAX_LEVELS; level++) {
            byte[] subtree = current.roots[level];
            if (subtree != null) {
                root = root == null ? subtree.clone() : TreeHasher.hashChildren(subtree, root);
            }
        }
        return root == null ? TreeHasher.emptyRoot() : root;
    }

    /**
     * The root hash of the tree of the first {@code treeSize} leaves. At most {@code popcount(treeSize)} reads.
     *
     * @throws InvalidInputException {@code TREE_SIZE_OUT_OF_RANGE} if {@code treeSize} is negative or beyond the log
     */
    public byte[] rootHash(long treeSize) {
        checkTreeSize(treeSize, "treeSize");
        return treeSize == 0 ? TreeHasher.emptyRoot() : subtreeHash(0, treeSize);
    }

    /**
     * The stored leaf hash at {@code index}.
     *
     * @throws InvalidInputException {@code LEAF_INDEX_OUT_OF_RANGE} if there is no such leaf
     */
    public byte[] leafHash(long index) {
        long size = size();
        if (index < 0 || index >= size) {
            throw new InvalidInputException(COMPONENT, "LEAF_INDEX_OUT_OF_RANGE",
                    "leaf index " + index + " does not exist; the log holds leaves 0.." + (size - 1));
        }
        return store.hash(0, index);
    }

    /**
     * The RFC 9162 inclusion proof of leaf {@code leafIndex} in the tree of size {@code treeSize}. At most
     * {@code 2 * ceil(log2(treeSize))} store reads.
     *
     * @throws InvalidInputException {@code TREE_SIZE_OUT_OF_RANGE} if the tree size is beyond the log, or
     *                               {@code LEAF_INDEX_OUT_OF_RANGE} unless {@code 0 <= leafIndex < treeSize}
     */
    public InclusionProof inclusionProof(long leafIndex, long treeSize) {
        checkTreeSize(treeSize, "treeSize");
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new InvalidInputException(COMPONENT, "LEAF_INDEX_OUT_OF_RANGE",
                    "leaf index " + leafIndex + " is not in the tree of size " + treeSize
                            + "; use an index from 0 to treeSize - 1");
        }
        return new InclusionProof(leafIndex, treeSize, path(0, leafIndex, treeSize));
    }

    /**
     * The RFC 9162 consistency proof between the trees of sizes {@code oldSize} and {@code newSize} (empty when they
     * are equal). At most {@code 2 * ceil(log2(newSize)) + 1} store reads.
     *
     * @throws InvalidInputException {@code TREE_SIZE_OUT_OF_RANGE} unless {@code 1 <= oldSize <= newSize <= size()}
     */
    public ConsistencyProof consistencyProof(long oldSize, long newSize) {
        checkTreeSize(newSize, "newSize");
        if (oldSize < 1 || oldSize > newSize) {
            throw new InvalidInputException(COMPONENT, "TREE_SIZE_OUT_OF_RANGE",
                    "oldSize " + oldSize + " must be between 1 and newSize " + newSize
                            + " (every tree extends the empty one, so size 0 needs no proof)");
        }
        if (oldSize == newSize) {
            return new ConsistencyProof(oldSize, newSize, List.of());
        }
        // The largest perfect subtree ending at oldSize; its path up to the root of newSize is the proof.
        int level = Long.numberOfTrailingZeros(oldSize);
        long index = (oldSize - 1) >>> level;
        List<byte[]> path = path(level, index, newSize);
        if (index != 0) {
            // oldSize is not a power of two: the verifier cannot know this node, so it leads the proof.
            path.add(0, store.hash(level, index));
        }
        return new ConsistencyProof(oldSize, newSize, path);
    }

    /**
     * The siblings, bottom-up, of the ancestors of node {@code (level, index)} in the tree of size {@code treeSize}.
     */
    private List<byte[]> path(int level, long index, long treeSize) {
        List<byte[]> path = new ArrayList<>(64 - Long.numberOfLeadingZeros(treeSize));
        long node = index;
        for (int l = level; ((treeSize - 1) >>> l) > 0; l++) {
            long siblingStart = (node ^ 1) << l;
            if (siblingStart < treeSize) {
                path.add(subtreeHash(siblingStart, Math.min(siblingStart + (1L << l), treeSize)));
            }
            node >>>= 1;
        }
        return path;
    }

    /**
     * MTH of leaves {@code [start, end)}, where {@code start} is a multiple of the smallest power of two not below
     * {@code end - start}: the right-fold of the perfect subtrees given by the set bits of {@code end - start}.
     */
    private byte[] subtreeHash(long start, long end) {
        long count = end - start;
        int pieces = Long.bitCount(count);
        byte[][] hashes = new byte[pieces][];
        long offset = start;
        int i = 0;
        for (int level = 63 - Long.numberOfLeadingZeros(count); level >= 0; level--) {
            if ((count >>> level & 1) == 1) {
                hashes[i++] = store.hash(level, offset >>> level);
                offset += 1L << level;
            }
        }
        byte[] hash = hashes[pieces - 1];
        for (int k = pieces - 2; k >= 0; k--) {
            hash = TreeHasher.hashChildren(hashes[k], hash);
        }
        return hash;
    }

    private void checkTreeSize(long treeSize, String name) {
        long size = size();
        if (treeSize < 0 || treeSize > size) {
            throw new InvalidInputException(COMPONENT, "TREE_SIZE_OUT_OF_RANGE",
                    name + " " + treeSize + " is outside the log; use a size from 0 to the current size " + size);
        }
    }
}
