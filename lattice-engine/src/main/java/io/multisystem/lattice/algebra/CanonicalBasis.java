package io.multisystem.lattice.algebra;

import io.multisystem.core.error.ResourceExhaustedException;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.bits.LongBits;
import io.multisystem.lattice.context.FormalContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The Duquenne-Guigues (canonical, stem) basis of the attribute implications of a context: one implication
 * P → P'' \ P per pseudo-intent P. It is sound (every implication holds), complete (its closure system is exactly the
 * intents) and of minimum size among complete sets.
 *
 * <p>Design note. Ganter's NextClosure enumerates, in lectic order, the sets closed under the implications found so
 * far (L); these are exactly the intents and pseudo-intents. A closed set A with A ≠ A'' is a pseudo-intent and adds
 * A → A''\A to L before the enumeration moves on, because every pseudo-intent strictly inside a later set is
 * lectically smaller. The L-closure is LinClosure ({@link ImplicationClosure}); A'' is computed word-wise on the
 * context. Cost: (#intents + #pseudo-intents)·|M|·(LinClosure + |G|·|M|/64); the number of pseudo-intents can be
 * exponential in |M|, hence the step budget. Stateless and thread-safe.
 */
public final class CanonicalBasis {
    /** Default bound on NextClosure steps (intents plus pseudo-intents visited). */
    public static final long DEFAULT_MAX_STEPS = 5_000_000;

    private CanonicalBasis() {
    }

    /** {@link #of(FormalContext, long)} with {@link #DEFAULT_MAX_STEPS}. */
    public static List<Implication> of(FormalContext context) {
        return of(context, DEFAULT_MAX_STEPS);
    }

    /**
     * The canonical basis, implications in lectic order of their premises.
     *
     * @throws ResourceExhaustedException {@code BASIS_BUDGET_EXCEEDED} after {@code maxSteps} closed sets
     */
    public static List<Implication> of(FormalContext context, long maxSteps) {
        int m = context.attributeCount();
        int words = context.attributeWords();
        long[][] rows = new long[context.objectCount()][];
        for (int g = 0; g < rows.length; g++) {
            rows[g] = context.rowWords(g);
        }
        long[][] columns = new long[m][];
        for (int a = 0; a < m; a++) {
            columns[a] = context.columnWords(a);
        }
        ImplicationClosure closure = new ImplicationClosure(m);
        List<Implication> basis = new ArrayList<>();
        long[] full = new long[words];
        LongBits.setRange(full, m);
        long[] current = closure.close(new long[words]);
        long steps = 0;
        while (true) {
            if (++steps > maxSteps) {
                throw new ResourceExhaustedException(FormalContext.COMPONENT, "BASIS_BUDGET_EXCEEDED",
                        "the canonical basis needs more than " + maxSteps + " closure steps; raise the budget or "
                                + "reduce the context (fewer attributes)");
            }
            long[] doubleClosed = closeInContext(current, rows, columns, context.objectWords(), m);
            if (!java.util.Arrays.equals(current, doubleClosed)) {
                long[] conclusion = doubleClosed.clone();
                for (int w = 0; w < words; w++) {
                    conclusion[w] &= ~current[w];
                }
                closure.add(current, conclusion);
                basis.add(new Implication(IndexSet.fromWords(current), IndexSet.fromWords(conclusion)));
            }
            if (java.util.Arrays.equals(current, full)) {
                return basis;
            }
            current = next(current, closure, m);
        }
    }

    /** The lectically next L-closed set after {@code a} (attribute 0 is the most significant). */
    private static long[] next(long[] a, ImplicationClosure closure, int m) {
        long[] prefix = a.clone();
        for (int i = m - 1; i >= 0; i--) {
            if (LongBits.get(prefix, i)) {
                LongBits.clear(prefix, i);
                continue;
            }
            // prefix == a ∩ {0..i-1}
            long[] candidate = prefix.clone();
            LongBits.set(candidate, i);
            long[] closed = closure.close(candidate);
            if (agreesBelow(closed, prefix, i)) {
                return closed;
            }
        }
        throw new IllegalStateException("no lectically next set after the full attribute set");
    }

    private static boolean agreesBelow(long[] closed, long[] prefix, int i) {
        int lastWord = i >>> 6;
        for (int w = 0; w < lastWord; w++) {
            if (closed[w] != prefix[w]) {
                return false;
            }
        }
        long mask = (1L << i) - 1;
        return (closed[lastWord] & mask) == (prefix[lastWord] & mask);
    }

    private static long[] closeInContext(long[] intent, long[][] rows, long[][] columns, int objectWords, int m) {
        long[] extent = new long[objectWords];
        LongBits.setRange(extent, rows.length);
        for (int a = LongBits.nextSetBit(intent, 0); a >= 0; a = LongBits.nextSetBit(intent, a + 1)) {
            LongBits.andInto(extent, columns[a]);
        }
        long[] closed = new long[intent.length];
        LongBits.setRange(closed, m);
        for (int g = LongBits.nextSetBit(extent, 0); g >= 0; g = LongBits.nextSetBit(extent, g + 1)) {
            LongBits.andInto(closed, rows[g]);
        }
        return closed;
    }
}
