package io.multisystem.lattice.algebra;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.ResourceExhaustedException;
import io.multisystem.lattice.bits.LongBits;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.ConceptLattice;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A finite lattice given by its order on elements 0..n-1, with join and meet tables.
 *
 * <p>Design note. The order is given by any set of pairs a ≤ b; its reflexive-transitive closure is taken. The
 * elements are relabelled by a linear extension (Kahn's topological sort, which also detects cycles, i.e. a failure
 * of antisymmetry), and each element gets bitsets of its up-set and down-set in that labelling. Then the least upper
 * bound of a and b, if it exists, is the lowest-ranked element of up(a) ∩ up(b), and it is the join iff the whole
 * intersection lies above it: one O(n/64) step per pair, O(n³/64) in all. Distributivity is checked through
 * join-irreducibles (x ↦ J ∩ ↓x preserves joins iff the lattice is distributive: Birkhoff), modularity as upper plus
 * lower semimodularity (equivalent for finite lattices), both in O(n²·n/64) instead of the O(n³) triple laws.
 *
 * <p>Immutable and thread-safe. Memory O(n²) ints; at most {@link #MAX_ELEMENTS} elements.
 */
public final class FiniteLattice {
    /** Largest lattice accepted (join and meet tables take 8·n² bytes). */
    public static final int MAX_ELEMENTS = 4096;
    private static final String INVALID = "ORDER_INVALID";
    private static final String NOT_A_LATTICE = "NOT_A_LATTICE";

    private final int size;
    private final long[][] up;    // up[x]: bitset of y with x <= y (element labels)
    private final int[] join;
    private final int[] meet;
    private final long[][] lowerCovers; // lowerCovers[x]: bitset of y covered by x
    private final int top;
    private final int bottom;

    private FiniteLattice(int size, long[][] up, int[] join, int[] meet, long[][] lowerCovers, int top, int bottom) {
        this.size = size;
        this.up = up;
        this.join = join;
        this.meet = meet;
        this.lowerCovers = lowerCovers;
        this.top = top;
        this.bottom = bottom;
    }

    /**
     * The lattice on {@code size} elements ordered by the reflexive-transitive closure of {@code lessOrEqual} (pairs
     * {@code {a, b}} meaning a ≤ b, e.g. the covering pairs).
     *
     * @throws InvalidInputException      {@code ORDER_INVALID} for a malformed pair or a cycle (not antisymmetric);
     *                                    {@code NOT_A_LATTICE} naming two elements without a join or meet
     * @throws ResourceExhaustedException {@code LATTICE_TOO_LARGE} above {@link #MAX_ELEMENTS} elements
     */
    public static FiniteLattice fromOrder(int size, List<int[]> lessOrEqual) {
        if (size < 1) {
            throw new InvalidInputException(FormalContext.COMPONENT, INVALID, "a lattice needs at least one element, got "
                    + size);
        }
        if (size > MAX_ELEMENTS) {
            throw new ResourceExhaustedException(FormalContext.COMPONENT, "LATTICE_TOO_LARGE", "a lattice of " + size
                    + " elements exceeds the limit of " + MAX_ELEMENTS + " for join/meet tables; use a smaller lattice or "
                    + "compute joins of concepts with ConceptAlgebra");
        }
        List<List<Integer>> successors = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            successors.add(new ArrayList<>());
        }
        int[] indegree = new int[size];
        for (int p = 0; p < lessOrEqual.size(); p++) {
            int[] pair = lessOrEqual.get(p);
            if (pair == null || pair.length != 2 || pair[0] < 0 || pair[0] >= size || pair[1] < 0 || pair[1] >= size) {
                throw new InvalidInputException(FormalContext.COMPONENT, INVALID, "pair " + p + " "
                        + (pair == null ? "null" : Arrays.toString(pair)) + " must be two element indices in 0.." + (size - 1));
            }
            if (pair[0] != pair[1]) {
                successors.get(pair[0]).add(pair[1]);
                indegree[pair[1]]++;
            }
        }
        int[] order = new int[size];
        int placed = 0;
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < size; i++) {
            if (indegree[i] == 0) {
                ready.add(i);
            }
        }
        while (!ready.isEmpty()) {
            int x = ready.poll();
            order[placed++] = x;
            for (int y : successors.get(x)) {
                if (--indegree[y] == 0) {
                    ready.add(y);
                }
            }
        }
        if (placed < size) {
            int onCycle = 0;
            while (indegree[onCycle] == 0) {
                onCycle++;
            }
            throw new InvalidInputException(FormalContext.COMPONENT, INVALID, "the relation has a cycle through element "
                    + onCycle + ", so it is not antisymmetric; a partial order needs a ≤ b and b ≤ a only for a = b");
        }
        int[] rank = new int[size];
        for (int r = 0; r < size; r++) {
            rank[order[r]] = r;
        }
        int words = LongBits.wordsFor(size);
        long[][] upRank = new long[size][];   // by rank, bits are ranks
        long[][] downRank = new long[size][];
        for (int r = size - 1; r >= 0; r--) {
            long[] u = new long[words];
            LongBits.set(u, r);
            for (int y : successors.get(order[r])) {
                LongBits.orInto(u, upRank[rank[y]]);
            }
            upRank[r] = u;
        }
        for (int r = 0; r < size; r++) {
            downRank[r] = new long[words];
        }
        for (int r = 0; r < size; r++) {
            long[] u = upRank[r];
            for (int s = LongBits.nextSetBit(u, 0); s >= 0; s = LongBits.nextSetBit(u, s + 1)) {
                LongBits.set(downRank[s], r);
            }
        }
        int[] join = new int[size * size];
        int[] meet = new int[size * size];
        long[] common = new long[words];
        for (int a = 0; a < size; a++) {
            for (int b = a; b < size; b++) {
                int ra = rank[a];
                int rb = rank[b];
                System.arraycopy(upRank[ra], 0, common, 0, words);
                LongBits.andInto(common, upRank[rb]);
                int least = LongBits.nextSetBit(common, 0);
                if (least < 0 || !LongBits.isSubset(common, upRank[least])) {
                    throw notALattice(a, b, "join (least upper bound)");
                }
                join[a * size + b] = order[least];
                join[b * size + a] = order[least];
                System.arraycopy(downRank[ra], 0, common, 0, words);
                LongBits.andInto(common, downRank[rb]);
                int greatest = highestSetBit(common);
                if (greatest < 0 || !LongBits.isSubset(common, downRank[greatest])) {
                    throw notALattice(a, b, "meet (greatest lower bound)");
                }
                meet[a * size + b] = order[greatest];
                meet[b * size + a] = order[greatest];
            }
        }
        long[][] up = new long[size][];
        for (int x = 0; x < size; x++) {
            up[x] = new long[words];
            long[] u = upRank[rank[x]];
            for (int s = LongBits.nextSetBit(u, 0); s >= 0; s = LongBits.nextSetBit(u, s + 1)) {
                LongBits.set(up[x], order[s]);
            }
        }
        long[][] lowerCovers = new long[size][];
        long[] between = new long[words];
        for (int x = 0; x < size; x++) {
            lowerCovers[x] = new long[words];
            long[] below = downRank[rank[x]];
            for (int s = LongBits.nextSetBit(below, 0); s >= 0; s = LongBits.nextSetBit(below, s + 1)) {
                if (s == rank[x]) {
                    continue;
                }
                // s < x is covered iff up(s) ∩ down(x) = {s, x}
                System.arraycopy(upRank[s], 0, between, 0, words);
                LongBits.andInto(between, below);
                if (LongBits.cardinality(between) == 2) {
                    LongBits.set(lowerCovers[x], order[s]);
                }
            }
        }
        return new FiniteLattice(size, up, join, meet, lowerCovers, order[size - 1], order[0]);
    }

    /** The lattice of a complete concept lattice, elements numbered as its concepts. */
    public static FiniteLattice of(ConceptLattice lattice) {
        if (lattice.size() == 0 || lattice.findBottom().isEmpty()) {
            throw new InvalidInputException(FormalContext.COMPONENT, NOT_A_LATTICE, "an iceberg without its bottom "
                    + "concept is not a lattice; mine with minimum support 0");
        }
        return fromOrder(lattice.size(), lattice.coverPairs());
    }

    private static int highestSetBit(long[] words) {
        for (int w = words.length - 1; w >= 0; w--) {
            if (words[w] != 0) {
                return (w << 6) + 63 - Long.numberOfLeadingZeros(words[w]);
            }
        }
        return -1;
    }

    private static InvalidInputException notALattice(int a, int b, String what) {
        return new InvalidInputException(FormalContext.COMPONENT, NOT_A_LATTICE, "elements " + a + " and " + b
                + " have no " + what + ", so the order is not a lattice");
    }

    public int size() {
        return size;
    }

    public int top() {
        return top;
    }

    public int bottom() {
        return bottom;
    }

    /** Whether a ≤ b. */
    public boolean lessOrEqual(int a, int b) {
        check(a);
        check(b);
        return LongBits.get(up[a], b);
    }

    /** Whether b covers a (a &lt; b with nothing between). */
    public boolean covers(int b, int a) {
        check(a);
        check(b);
        return LongBits.get(lowerCovers[b], a);
    }

    public int join(int a, int b) {
        check(a);
        check(b);
        return join[a * size + b];
    }

    public int meet(int a, int b) {
        check(a);
        check(b);
        return meet[a * size + b];
    }

    /** The join of all given elements; the bottom for none. */
    public int supremum(int... elements) {
        int result = bottom;
        for (int e : elements) {
            result = join(result, e);
        }
        return result;
    }

    /** The meet of all given elements; the top for none. */
    public int infimum(int... elements) {
        int result = top;
        for (int e : elements) {
            result = meet(result, e);
        }
        return result;
    }

    /** Whether x ∧ (y ∨ z) = (x ∧ y) ∨ (x ∧ z) for all x, y, z. O(n²·n/64). */
    public boolean isDistributive() {
        int words = LongBits.wordsFor(size);
        long[][] irreducibleBelow = new long[size][];
        for (int x = 0; x < size; x++) {
            irreducibleBelow[x] = new long[words];
        }
        for (int j = 0; j < size; j++) {
            if (LongBits.cardinality(lowerCovers[j]) == 1) {
                for (int x = LongBits.nextSetBit(up[j], 0); x >= 0; x = LongBits.nextSetBit(up[j], x + 1)) {
                    LongBits.set(irreducibleBelow[x], j);
                }
            }
        }
        long[] union = new long[words];
        for (int a = 0; a < size; a++) {
            for (int b = a + 1; b < size; b++) {
                System.arraycopy(irreducibleBelow[a], 0, union, 0, words);
                LongBits.orInto(union, irreducibleBelow[b]);
                if (!Arrays.equals(union, irreducibleBelow[join[a * size + b]])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether x ≤ z implies x ∨ (y ∧ z) = (x ∨ y) ∧ z for all x, y, z. Checked as: a ∧ b ⋖ a iff b ⋖ a ∨ b, for all
     * a, b (upper and lower semimodularity). O(n²).
     */
    public boolean isModular() {
        for (int a = 0; a < size; a++) {
            for (int b = 0; b < size; b++) {
                int m = meet[a * size + b];
                int j = join[a * size + b];
                boolean meetCoveredByA = LongBits.get(lowerCovers[a], m);
                boolean bCoveredByJoin = LongBits.get(lowerCovers[j], b);
                if (meetCoveredByA != bCoveredByJoin) {
                    return false;
                }
            }
        }
        return true;
    }

    private void check(int element) {
        if (element < 0 || element >= size) {
            throw new InvalidInputException(FormalContext.COMPONENT, "ELEMENT_OUT_OF_RANGE", "element " + element
                    + " is not in the lattice; elements are 0.." + (size - 1));
        }
    }
}
