package io.multisystem.lattice.mining;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.FormalContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The concepts of a context (or an iceberg of them) with the cover relation of their order, i.e. the edges of the
 * Hasse diagram. Concept i is below concept j (i ≤ j) iff extent(i) ⊆ extent(j); j covers i iff i &lt; j with nothing
 * between.
 *
 * <p>An iceberg (minimum support &gt; 0) is an order filter of the full lattice, so its covers are exactly the full
 * lattice's covers between frequent concepts; it has a top but may lack a bottom.
 *
 * <p>Immutable and thread-safe. Concepts are indexed 0..size-1 in the order of {@link ConceptMiner#mine}: decreasing
 * support, so the top concept is index 0.
 */
public final class ConceptLattice {
    private final FormalContext context;
    private final List<Concept> concepts;
    private final int[][] upper;
    private final int[][] lower;
    private final Map<IndexSet, Integer> byIntent;

    private ConceptLattice(FormalContext context, List<Concept> concepts, int[][] upper, int[][] lower,
                           Map<IndexSet, Integer> byIntent) {
        this.context = context;
        this.concepts = concepts;
        this.upper = upper;
        this.lower = lower;
        this.byIntent = byIntent;
    }

    /**
     * Mines the concepts of {@code context} with {@code options} and computes their covers.
     *
     * @throws io.multisystem.core.error.ResourceExhaustedException {@code CONCEPT_BUDGET_EXCEEDED} if there are more
     *                                                              concepts than {@link MiningOptions#maxConcepts()}
     */
    public static ConceptLattice of(FormalContext context, MiningOptions options) {
        List<Concept> concepts = ConceptMiner.create(options).mine(context);
        return fromConcepts(context, concepts, options.parallelism());
    }

    /** {@link #of(FormalContext, MiningOptions)} with default options. */
    public static ConceptLattice of(FormalContext context) {
        return of(context, MiningOptions.defaults());
    }

    /**
     * The lattice over given concepts, which must be an order filter (all concepts, or an iceberg) of {@code context}'s
     * concepts; they are re-ordered by decreasing support. Covers are found with Lindig's neighbour test on attributes:
     * for concept (A, B), each m ∉ B gives D = (B ∪ {m})''; D is a lower cover iff exactly |D \ B| attributes give it.
     * Cost O(|L|·|M|·(|A| + |A|·|M|/64)), in parallel.
     *
     * @throws InvalidInputException {@code NOT_A_CONCEPT} if an entry is not a concept of the context, or appears twice
     */
    public static ConceptLattice fromConcepts(FormalContext context, List<Concept> concepts, int parallelism) {
        Objects.requireNonNull(context, "context");
        List<Concept> sorted = new ArrayList<>(concepts);
        sorted.sort(InCloseMiner.CONCEPT_ORDER);
        Map<IndexSet, Integer> byIntent = new HashMap<>(sorted.size() * 2);
        for (int i = 0; i < sorted.size(); i++) {
            Concept c = sorted.get(i);
            if (byIntent.put(c.intent(), i) != null) {
                throw new InvalidInputException(FormalContext.COMPONENT, "NOT_A_CONCEPT", "concept with intent "
                        + c.intent() + " appears twice");
            }
        }
        int[][] lower = CoverSearch.lowerCovers(context, sorted, byIntent, parallelism);
        int[][] upper = invert(lower);
        return new ConceptLattice(context, List.copyOf(sorted), upper, lower, byIntent);
    }

    /**
     * Rebuilds a lattice saved earlier: the concepts in this lattice's index order and the lower covers of each, as
     * {@link #concepts()} and {@link #lowerCovers(int)} returned them. Checks shapes and index ranges only (the caller
     * vouches for the content, e.g. a checksummed snapshot), so it costs O(|L| + edges).
     *
     * @throws InvalidInputException {@code LATTICE_SNAPSHOT_INVALID} if the covers do not fit the concepts
     */
    public static ConceptLattice restore(FormalContext context, List<Concept> concepts, int[][] lowerCovers) {
        if (lowerCovers.length != concepts.size()) {
            throw new InvalidInputException(FormalContext.COMPONENT, "LATTICE_SNAPSHOT_INVALID", "snapshot has "
                    + concepts.size() + " concepts but " + lowerCovers.length + " cover lists");
        }
        Map<IndexSet, Integer> byIntent = new HashMap<>(concepts.size() * 2);
        for (int i = 0; i < concepts.size(); i++) {
            byIntent.put(concepts.get(i).intent(), i);
            for (int c : lowerCovers[i]) {
                if (c < 0 || c >= concepts.size()) {
                    throw new InvalidInputException(FormalContext.COMPONENT, "LATTICE_SNAPSHOT_INVALID", "concept "
                            + i + " has a cover " + c + " out of range");
                }
            }
        }
        int[][] lower = new int[lowerCovers.length][];
        for (int i = 0; i < lower.length; i++) {
            lower[i] = lowerCovers[i].clone();
        }
        return new ConceptLattice(context, List.copyOf(concepts), invert(lower), lower, byIntent);
    }

    private static int[][] invert(int[][] lower) {
        int n = lower.length;
        int[] degree = new int[n];
        for (int[] covers : lower) {
            for (int c : covers) {
                degree[c]++;
            }
        }
        int[][] upper = new int[n][];
        for (int i = 0; i < n; i++) {
            upper[i] = new int[degree[i]];
        }
        int[] filled = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c : lower[i]) {
                upper[c][filled[c]++] = i;
            }
        }
        return upper;
    }

    public FormalContext context() {
        return context;
    }

    public int size() {
        return concepts.size();
    }

    /** The concepts, unmodifiable, index = concept id. */
    public List<Concept> concepts() {
        return concepts;
    }

    public Concept concept(int index) {
        return concepts.get(index);
    }

    /** Indices of the concepts covering {@code index} (a fresh array, ascending). */
    public int[] upperCovers(int index) {
        return upper[index].clone();
    }

    /** Indices of the concepts covered by {@code index} (a fresh array, ascending). */
    public int[] lowerCovers(int index) {
        return lower[index].clone();
    }

    /** Number of Hasse edges. */
    public long coverCount() {
        long edges = 0;
        for (int[] l : lower) {
            edges += l.length;
        }
        return edges;
    }

    /** The top concept (G, G'), absent only when the iceberg is empty. */
    public OptionalInt findTop() {
        return concepts.isEmpty() ? OptionalInt.empty() : OptionalInt.of(0);
    }

    /** The bottom concept (M', M), absent when the minimum support excluded it. */
    public OptionalInt findBottom() {
        return findByIntent(IndexSet.range(context.attributeCount()));
    }

    /** The index of the concept with this intent, if it is in the lattice. */
    public OptionalInt findByIntent(IndexSet intent) {
        Integer index = byIntent.get(intent);
        return index == null ? OptionalInt.empty() : OptionalInt.of(index);
    }

    /** Whether concept {@code a} ≤ concept {@code b} (extent inclusion). */
    public boolean isLessOrEqual(int a, int b) {
        return concepts.get(b).intent().isSubsetOf(concepts.get(a).intent());
    }

    @Override
    public String toString() {
        return "ConceptLattice[" + concepts.size() + " concepts, " + coverCount() + " covers]";
    }

    /** Hasse edges as (lower, upper) pairs, sorted; for tests and exports. */
    public List<int[]> coverPairs() {
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < lower.length; i++) {
            for (int c : lower[i]) {
                pairs.add(new int[] {c, i});
            }
        }
        pairs.sort(Arrays::compare);
        return pairs;
    }
}
