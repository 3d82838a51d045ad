package io.multisystem.lattice.mining;

import io.multisystem.core.error.ResourceExhaustedException;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.bits.LongBits;
import io.multisystem.lattice.context.FormalContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Close-by-One enumeration in the In-Close2 style with FCbO's failed-canonicity inheritance, parallel over subtrees.
 *
 * <p>Design note. Concepts are generated in a depth-first tree: a node is a concept (A, B) with a start attribute y;
 * its children come from attributes j ≥ y, j ∉ B, with C = A ∩ j'. Invariants and rules:
 * <ul>
 *   <li>When a node considers j, B is already complete for every attribute &lt; j (inherited from the parent's closure
 *       for attributes &lt; y, added in ascending order for y ≤ k &lt; j), so the canonicity test "no k &lt; j with
 *       k ∉ B and C ⊆ k'" is exact (Kuznetsov's CbO; Andrews' In-Close2).</li>
 *   <li>If C = A, j belongs to B and is added in place (In-Close's "implied attribute"); a child's intent is the
 *       parent's final intent plus j, completed for attributes &gt; j by the child's own loop.</li>
 *   <li>FCbO pruning (Outrata &amp; Vychodil 2012), witness form: when j fails at a node because C ⊆ k', every
 *       descendant has a smaller C, so while k stays outside the descendant's intent j fails there too and is skipped
 *       without an intersection. Likewise an attribute below the minimum support stays below it.</li>
 * </ul>
 * Extents are sorted {@code int[]} object lists (intersections cost |A| bit tests against a column bitset); intents are
 * {@code long[]} words. Each node allocates only its children's extents and one witness array of |M| ints.
 *
 * <p>Parallelism: subtrees whose extent has at least {@link #FORK_MIN_EXTENT} objects become ForkJoin tasks; smaller ones
 * are explored inline, so work stealing balances the uneven CbO tree. Recursion depth is at most min(|G|, |M|) + 1.
 */
final class InCloseMiner implements ConceptMiner {
    static final int FORK_MIN_EXTENT = 48;
    private static final int PRUNED_INFREQUENT = -2;
    private static final int NO_WITNESS = -1;

    private final MiningOptions options;

    InCloseMiner(MiningOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public MiningOptions options() {
        return options;
    }

    @Override
    public long count(FormalContext context) {
        return run(context, null, Long.MAX_VALUE);
    }

    @Override
    public void stream(FormalContext context, Consumer<Concept> sink) {
        Objects.requireNonNull(sink, "sink");
        Object lock = new Object();
        run(context, concept -> {
            synchronized (lock) {
                sink.accept(concept);
            }
        }, Long.MAX_VALUE);
    }

    @Override
    public List<Concept> mine(FormalContext context) {
        List<Concept> concepts = new ArrayList<>();
        run(context, concept -> {
            synchronized (concepts) {
                concepts.add(concept);
            }
        }, options.maxConcepts());
        concepts.sort(CONCEPT_ORDER);
        return concepts;
    }

    static final Comparator<Concept> CONCEPT_ORDER = Comparator.comparingInt((Concept c) -> -c.extent().size())
            .thenComparing(Concept::intent);

    private long run(FormalContext context, Consumer<Concept> sink, long budget) {
        Objects.requireNonNull(context, "context");
        Search search = new Search(context, options.minSupport(), sink, budget);
        int n = context.objectCount();
        if (n < options.minSupport()) {
            return 0;
        }
        int[] extent = new int[n];
        Arrays.setAll(extent, g -> g);
        long[] intent = new long[search.attributeWords];
        for (int m = 0; m < search.attributeCount; m++) {
            if (search.covers(search.columns[m], extent, n)) {
                LongBits.set(intent, m);
            }
        }
        int[] witnesses = new int[search.attributeCount];
        Arrays.fill(witnesses, NO_WITNESS);
        if (options.parallelism() == 1) {
            search.expand(extent, intent, 0, witnesses, null);
        } else {
            ForkJoinPool pool = new ForkJoinPool(options.parallelism());
            try {
                pool.invoke(new Subtree(search, extent, intent, 0, witnesses));
            } finally {
                pool.shutdown();
            }
        }
        if (search.overBudget) {
            throw new ResourceExhaustedException(FormalContext.COMPONENT, "CONCEPT_BUDGET_EXCEEDED",
                    "the context has more than " + budget + " concepts, the budget for materialising them; "
                            + "use count or streaming mode, raise maxConcepts, or set a minimum support");
        }
        return search.count.get();
    }

    /** Shared, read-only state of one enumeration plus its counters. */
    static final class Search {
        final int attributeCount;
        final int attributeWords;
        final long[][] columns;
        final int minSupport;
        final Consumer<Concept> sink;
        final long budget;
        final AtomicLong count = new AtomicLong();
        volatile boolean overBudget;

        Search(FormalContext context, int minSupport, Consumer<Concept> sink, long budget) {
            this.attributeCount = context.attributeCount();
            this.attributeWords = context.attributeWords();
            this.columns = new long[attributeCount][];
            for (int m = 0; m < attributeCount; m++) {
                columns[m] = context.columnWords(m);
            }
            this.minSupport = minSupport;
            this.sink = sink;
            this.budget = budget;
        }

        boolean covers(long[] column, int[] objects, int size) {
            for (int i = 0; i < size; i++) {
                int g = objects[i];
                if ((column[g >>> 6] & (1L << g)) == 0) {
                    return false;
                }
            }
            return true;
        }

        /** The smallest k &lt; j outside the intent with extent ⊆ k', or -1 when (extent, j) is canonical. */
        int nonCanonicalWitness(int[] extent, int size, long[] intent, int j) {
            int lastWord = j >>> 6;
            for (int w = 0; w <= lastWord; w++) {
                long candidates = ~intent[w];
                if (w == lastWord) {
                    candidates &= (1L << j) - 1;
                }
                while (candidates != 0) {
                    int k = (w << 6) + Long.numberOfTrailingZeros(candidates);
                    if (covers(columns[k], extent, size)) {
                        return k;
                    }
                    candidates &= candidates - 1;
                }
            }
            return NO_WITNESS;
        }

        /**
         * Explores the subtree of concept (extent, intent) from attribute {@code start}; forks large children when
         * {@code parent} is a running task, otherwise recurses inline.
         */
        void expand(int[] extent, long[] intent, int start, int[] inherited, Subtree parent) {
            if (overBudget) {
                return;
            }
            int size = extent.length;
            int[] witnesses = inherited.clone();
            int[] buffer = new int[size];
            int[] childAttributes = null;
            int[][] childExtents = null;
            int children = 0;
            for (int j = start; j < attributeCount; j++) {
                if ((intent[j >>> 6] & (1L << j)) != 0) {
                    continue;
                }
                int witness = witnesses[j];
                if (witness == PRUNED_INFREQUENT
                        || witness >= 0 && (intent[witness >>> 6] & (1L << witness)) == 0) {
                    continue;
                }
                long[] column = columns[j];
                int c = 0;
                for (int i = 0; i < size; i++) {
                    int g = extent[i];
                    if ((column[g >>> 6] & (1L << g)) != 0) {
                        buffer[c++] = g;
                    }
                }
                if (c == size) {
                    intent[j >>> 6] |= 1L << j;
                    continue;
                }
                if (c < minSupport) {
                    witnesses[j] = PRUNED_INFREQUENT;
                    continue;
                }
                witness = nonCanonicalWitness(buffer, c, intent, j);
                witnesses[j] = witness;
                if (witness == NO_WITNESS) {
                    if (childAttributes == null) {
                        childAttributes = new int[attributeCount - j];
                        childExtents = new int[attributeCount - j][];
                    }
                    childAttributes[children] = j;
                    childExtents[children] = Arrays.copyOf(buffer, c);
                    children++;
                }
            }
            emit(extent, intent);
            if (children == 0) {
                return;
            }
            List<Subtree> forked = null;
            for (int i = 0; i < children; i++) {
                int j = childAttributes[i];
                long[] childIntent = intent.clone();
                childIntent[j >>> 6] |= 1L << j;
                int[] childExtent = childExtents[i];
                childExtents[i] = null;
                if (parent != null && childExtent.length >= FORK_MIN_EXTENT) {
                    Subtree task = new Subtree(this, childExtent, childIntent, j + 1, witnesses);
                    task.fork();
                    if (forked == null) {
                        forked = new ArrayList<>();
                    }
                    forked.add(task);
                } else {
                    expand(childExtent, childIntent, j + 1, witnesses, parent);
                }
            }
            if (forked != null) {
                for (int i = forked.size() - 1; i >= 0; i--) {
                    forked.get(i).join();
                }
            }
        }

        private void emit(int[] extent, long[] intent) {
            long n = count.incrementAndGet();
            if (sink == null) {
                return;
            }
            if (n > budget) {
                overBudget = true;
                return;
            }
            sink.accept(new Concept(IndexSet.fromSortedUnique(extent), IndexSet.fromWords(intent)));
        }
    }

    /** One subtree as a ForkJoin task. */
    static final class Subtree extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient Search search;
        private final int[] extent;
        private final long[] intent;
        private final int start;
        private final int[] witnesses;

        Subtree(Search search, int[] extent, long[] intent, int start, int[] witnesses) {
            this.search = search;
            this.extent = extent;
            this.intent = intent;
            this.start = start;
            this.witnesses = witnesses;
        }

        @Override
        protected void compute() {
            search.expand(extent, intent, start, witnesses, this);
        }
    }
}
