package io.multisystem.attestation.log;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 section 2.1 written out recursively over leaf hashes, as the reference the log is checked against: MTH,
 * PATH and PROOF exactly as the RFC states them, with no storage and no cleverness.
 */
final class NaiveTree {
    private NaiveTree() {
    }

    static byte[] root(List<byte[]> leaves) {
        return leaves.isEmpty() ? TreeHasher.emptyRoot() : mth(leaves, 0, leaves.size());
    }

    static byte[] mth(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return TreeHasher.hashChildren(mth(leaves, from, from + k), mth(leaves, from + k, to));
    }

    /** PATH(m, D[from:to]). */
    static List<byte[]> path(List<byte[]> leaves, int m, int from, int to) {
        int n = to - from;
        List<byte[]> out = new ArrayList<>();
        if (n == 1) {
            return out;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            out.addAll(path(leaves, m, from, from + k));
            out.add(mth(leaves, from + k, to));
        } else {
            out.addAll(path(leaves, m - k, from + k, to));
            out.add(mth(leaves, from, from + k));
        }
        return out;
    }

    /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
    static List<byte[]> consistency(List<byte[]> leaves, int m, int n) {
        return subproof(leaves, m, 0, n, true);
    }

    private static List<byte[]> subproof(List<byte[]> leaves, int m, int from, int to, boolean b) {
        int n = to - from;
        List<byte[]> out = new ArrayList<>();
        if (m == n) {
            if (!b) {
                out.add(mth(leaves, from, to));
            }
            return out;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            out.addAll(subproof(leaves, m, from, from + k, b));
            out.add(mth(leaves, from + k, to));
        } else {
            out.addAll(subproof(leaves, m - k, from + k, to, false));
            out.add(mth(leaves, from, from + k));
        }
        return out;
    }

    /** The largest power of two strictly below {@code n} (n >= 2). */
    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
