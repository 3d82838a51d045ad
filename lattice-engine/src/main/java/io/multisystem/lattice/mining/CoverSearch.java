package io.multisystem.lattice.mining;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.bits.LongBits;
import io.multisystem.lattice.context.FormalContext;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Lower covers of every concept by Lindig's neighbour test (Lindig 2000, "Fast concept analysis"), attribute side:
 * for (A, B) and each m ∉ B, D = (A ∩ m')' is the intent of a concept below; D is a lower cover iff the number of m
 * producing D equals |D \ B|. Concepts whose D is not in the given set (below an iceberg's support) are skipped,
 * which is exact because an iceberg is an order filter.
 */
final class CoverSearch {
    private CoverSearch() {
    }

    static int[][] lowerCovers(FormalContext context, List<Concept> concepts, Map<IndexSet, Integer> byIntent,
                               int parallelism) {
        int attributeCount = context.attributeCount();
        int words = context.attributeWords();
        long[][] rows = new long[context.objectCount()][];
        for (int g = 0; g < rows.length; g++) {
            rows[g] = context.rowWords(g);
        }
        long[][] columns = new long[attributeCount][];
        for (int m = 0; m < attributeCount; m++) {
            columns[m] = context.columnWords(m);
        }
        int[][] lower = new int[concepts.size()][];
        Runnable all = () -> IntStream.range(0, concepts.size()).parallel().forEach(i -> {
            Concept concept = concepts.get(i);
            int[] extent = concept.extent().toArray();
            long[] intent = concept.intent().toWords(words);
            if (!Arrays.equals(extent, context.extentOf(concept.intent()).toArray())
                    || !concept.intent().equals(context.intentOf(concept.extent()))) {
                throw new InvalidInputException(FormalContext.COMPONENT, "NOT_A_CONCEPT", "(" + concept.extent()
                        + ", " + concept.intent() + ") is not a concept of the context: its extent and intent do not "
                        + "derive each other");
            }
            Map<Key, int[]> produced = new HashMap<>();
            int baseSize = concept.intent().size();
            for (int m = 0; m < attributeCount; m++) {
                if (LongBits.get(intent, m)) {
                    continue;
                }
                long[] d = new long[words];
                LongBits.setRange(d, attributeCount);
                long[] column = columns[m];
                for (int g : extent) {
                    if ((column[g >>> 6] & (1L << g)) != 0) {
                        LongBits.andInto(d, rows[g]);
                    }
                }
                produced.computeIfAbsent(new Key(d), k -> new int[1])[0]++;
            }
            int[] covers = new int[produced.size()];
            int n = 0;
            for (Map.Entry<Key, int[]> e : produced.entrySet()) {
                if (e.getValue()[0] == LongBits.cardinality(e.getKey().words) - baseSize) {
                    Integer index = byIntent.get(IndexSet.fromWords(e.getKey().words));
                    if (index != null) {
                        covers[n++] = index;
                    }
                }
            }
            int[] result = Arrays.copyOf(covers, n);
            Arrays.sort(result);
            lower[i] = result;
        });
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, parallelism));
        try {
            pool.submit(all).join();
        } finally {
            pool.shutdown();
        }
        return lower;
    }

    private static final class Key {
        final long[] words;
        final int hash;

        Key(long[] words) {
            this.words = words;
            this.hash = Arrays.hashCode(words);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(words, ((Key) o).words);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
