package io.multisystem.ledger.chain;

import io.multisystem.core.crypto.Hashes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing: leaves are {@code SHA-256(0x00 || entry)}, interior nodes
 * {@code SHA-256(0x01 || left || right)}, the tree over {@code n} leaves splits at the largest power of two below
 * {@code n}; the empty tree's root is {@code SHA-256("")}. Inclusion proofs are RFC 6962's audit paths and are
 * verified with RFC 9162 section 2.1.3.2's algorithm, so they interoperate with Certificate Transparency tooling.
 */
public final class MerkleTree {
    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] entry) {
        byte[] b = new byte[entry.length + 1];
        b[0] = 0;
        System.arraycopy(entry, 0, b, 1, entry.length);
        return Hashes.sha256(b);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        byte[] b = new byte[1 + left.length + right.length];
        b[0] = 1;
        System.arraycopy(left, 0, b, 1, left.length);
        System.arraycopy(right, 0, b, 1 + left.length, right.length);
        return Hashes.sha256(b);
    }

    /** The root over the given leaf hashes. */
    public static byte[] root(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            return Hashes.sha256(new byte[0]);
        }
        return subtree(leafHashes, 0, leafHashes.size());
    }

    /** The root over entries (hashing each as a leaf). */
    public static byte[] rootOfEntries(List<byte[]> entries) {
        List<byte[]> leaves = new ArrayList<>(entries.size());
        for (byte[] e : entries) {
            leaves.add(leafHash(e));
        }
        return root(leaves);
    }

    private static byte[] subtree(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = Integer.highestOneBit(n - 1);
        return nodeHash(subtree(leaves, from, from + k), subtree(leaves, from + k, to));
    }

    /** The audit path for leaf {@code index} (RFC 6962 PATH(m, D[n])). */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int index) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("leaf index " + index + " outside tree of size " + leafHashes.size());
        }
        List<byte[]> proof = new ArrayList<>();
        path(leafHashes, index, 0, leafHashes.size(), proof);
        return proof;
    }

    private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m < k) {
            path(leaves, m, from, from + k, out);
            out.add(subtree(leaves, from + k, to));
        } else {
            path(leaves, m - k, from + k, to, out);
            out.add(subtree(leaves, from, from + k));
        }
    }

    /** RFC 9162 2.1.3.2: true if {@code proof} shows {@code leafHash} at {@code index} in a tree of {@code size} with {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || leafHash == null || root == null || leafHash.length != 32 || root.length != 32) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (p == null || p.length != 32 || sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }
}
