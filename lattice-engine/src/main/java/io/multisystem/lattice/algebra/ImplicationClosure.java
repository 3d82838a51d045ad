package io.multisystem.lattice.algebra;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.bits.LongBits;
import io.multisystem.lattice.context.FormalContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Closure of attribute sets under a set of implications by LinClosure (Beeri &amp; Bernstein 1979; Ganter &amp;
 * Obiedkov, "Conceptual Exploration", alg. 3): each implication keeps a counter of premise attributes not yet derived,
 * each attribute a list of implications whose premise holds it; every attribute enters the queue at most once, so a
 * closure costs O(|M| + Σ|premise|) after O(Σ|premise|) setup.
 *
 * <p>Instances handed out by the public constructor are never modified afterwards and are thread-safe (each call uses
 * its own counters). {@link CanonicalBasis} grows a private instance with {@link #add} while it runs.
 */
public final class ImplicationClosure {
    private final int attributeCount;
    private final int words;
    private int[] premiseSizes = new int[8];
    private long[][] conclusions = new long[8][];
    private int implicationCount;
    private final int[][] byAttribute;
    private final int[] byAttributeSize;
    private final List<Integer> unconditional = new ArrayList<>();

    /**
     * @throws InvalidInputException {@code IMPLICATION_INVALID} if an implication mentions an attribute ≥
     *                               {@code attributeCount}
     */
    public ImplicationClosure(int attributeCount, List<Implication> implications) {
        this(attributeCount);
        for (int i = 0; i < implications.size(); i++) {
            Implication implication = implications.get(i);
            if (implication.premise().bound() > attributeCount || implication.conclusion().bound() > attributeCount) {
                throw new InvalidInputException(FormalContext.COMPONENT, "IMPLICATION_INVALID", "implication " + i
                        + " mentions an attribute outside 0.." + (attributeCount - 1));
            }
            add(implication.premise().toWords(words), implication.conclusion().toWords(words));
        }
    }

    ImplicationClosure(int attributeCount) {
        this.attributeCount = attributeCount;
        this.words = LongBits.wordsFor(attributeCount);
        this.byAttribute = new int[attributeCount][];
        this.byAttributeSize = new int[attributeCount];
        for (int m = 0; m < attributeCount; m++) {
            byAttribute[m] = new int[4];
        }
    }

    /** Adds premise → conclusion (word forms over this closure's attributes). Not thread-safe. */
    void add(long[] premise, long[] conclusion) {
        int index = implicationCount++;
        if (index == premiseSizes.length) {
            premiseSizes = Arrays.copyOf(premiseSizes, index * 2);
            conclusions = Arrays.copyOf(conclusions, index * 2);
        }
        premiseSizes[index] = LongBits.cardinality(premise);
        conclusions[index] = conclusion.clone();
        for (int m = LongBits.nextSetBit(premise, 0); m >= 0; m = LongBits.nextSetBit(premise, m + 1)) {
            if (byAttributeSize[m] == byAttribute[m].length) {
                byAttribute[m] = Arrays.copyOf(byAttribute[m], byAttributeSize[m] * 2);
            }
            byAttribute[m][byAttributeSize[m]++] = index;
        }
        if (premiseSizes[index] == 0) {
            unconditional.add(index);
        }
    }

    public int attributeCount() {
        return attributeCount;
    }

    /**
     * The smallest superset of {@code attributes} respecting every implication.
     *
     * @throws InvalidInputException {@code IMPLICATION_INVALID} if {@code attributes} has an index ≥ the attribute count
     */
    public IndexSet close(IndexSet attributes) {
        if (attributes.bound() > attributeCount) {
            throw new InvalidInputException(FormalContext.COMPONENT, "IMPLICATION_INVALID", "attribute set "
                    + attributes + " mentions an attribute outside 0.." + (attributeCount - 1));
        }
        return IndexSet.fromWords(close(attributes.toWords(words)));
    }

    /** Word form of {@link #close(IndexSet)}; returns a new array. */
    long[] close(long[] start) {
        long[] closed = start.clone();
        int[] missing = Arrays.copyOf(premiseSizes, implicationCount);
        int[] queue = new int[attributeCount];
        int head = 0;
        int tail = 0;
        for (int m = LongBits.nextSetBit(closed, 0); m >= 0; m = LongBits.nextSetBit(closed, m + 1)) {
            queue[tail++] = m;
        }
        for (int i : unconditional) {
            tail = addConclusion(closed, conclusions[i], queue, tail);
        }
        while (head < tail) {
            int m = queue[head++];
            int[] list = byAttribute[m];
            for (int k = 0, n = byAttributeSize[m]; k < n; k++) {
                int i = list[k];
                if (--missing[i] == 0) {
                    tail = addConclusion(closed, conclusions[i], queue, tail);
                }
            }
        }
        return closed;
    }

    private static int addConclusion(long[] closed, long[] conclusion, int[] queue, int tail) {
        for (int w = 0; w < closed.length; w++) {
            long fresh = conclusion[w] & ~closed[w];
            closed[w] |= fresh;
            while (fresh != 0) {
                queue[tail++] = (w << 6) + Long.numberOfTrailingZeros(fresh);
                fresh &= fresh - 1;
            }
        }
        return tail;
    }
}
