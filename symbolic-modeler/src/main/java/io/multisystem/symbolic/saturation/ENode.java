package io.multisystem.symbolic.saturation;

import java.util.Arrays;

/**
 * An e-node: an interned operator and the ids of its children. The children are node ids as added (an
 * "uncanonical" e-node, which names one concrete term) or e-class ids (a canonical e-node, after
 * {@link EGraph#canonicalize}). Immutable; ordered by operator, then children, so that an e-class's nodes with a given
 * operator are contiguous once sorted.
 */
final class ENode implements Comparable<ENode> {
    private static final int[] NO_CHILDREN = new int[0];

    final int op;
    final int[] children;
    private final int hash;

    ENode(int op, int[] children) {
        this.op = op;
        this.children = children.length == 0 ? NO_CHILDREN : children;
        this.hash = 31 * op + Arrays.hashCode(children);
    }

    static ENode leaf(int op) {
        return new ENode(op, NO_CHILDREN);
    }

    boolean isLeaf() {
        return children.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof ENode other && hash == other.hash && op == other.op
                && Arrays.equals(children, other.children);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(ENode other) {
        if (op != other.op) {
            return Integer.compare(op, other.op);
        }
        return Arrays.compare(children, other.children);
    }

    @Override
    public String toString() {
        return op + Arrays.toString(children);
    }
}
