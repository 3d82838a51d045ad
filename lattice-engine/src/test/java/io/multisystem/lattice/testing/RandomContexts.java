package io.multisystem.lattice.testing;

import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.Concept;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Small random contexts (seeded) and brute-force references to check the engine against. */
public final class RandomContexts {
    private RandomContexts() {
    }

    /** Contexts of up to {@code maxObjects} x {@code maxAttributes}, densities 0.1-0.9; shrinks on the parameters. */
    public static Arbitrary<FormalContext> contexts(int maxObjects, int maxAttributes) {
        return Combinators.combine(Arbitraries.integers().between(0, maxObjects),
                Arbitraries.integers().between(0, maxAttributes), Arbitraries.integers().between(1, 9),
                Arbitraries.longs()).as((g, m, density, seed) -> generate(g, m, density / 10.0, seed));
    }

    public static FormalContext generate(int objects, int attributes, double density, long seed) {
        Random random = new Random(seed);
        List<String> objectNames = new ArrayList<>();
        for (int g = 0; g < objects; g++) {
            objectNames.add("g" + g);
        }
        List<String> attributeNames = new ArrayList<>();
        for (int m = 0; m < attributes; m++) {
            attributeNames.add("m" + m);
        }
        FormalContext.Builder builder = FormalContext.builder(objectNames, attributeNames);
        for (int g = 0; g < objects; g++) {
            for (int m = 0; m < attributes; m++) {
                if (random.nextDouble() < density) {
                    builder.add(g, m);
                }
            }
        }
        return builder.build();
    }

    /** All concepts, as the closures of all 2^|M| attribute subsets (|M| ≤ 16). */
    public static Set<Concept> naiveConcepts(FormalContext context) {
        int m = context.attributeCount();
        if (m > 16) {
            throw new IllegalArgumentException("too many attributes for brute force: " + m);
        }
        Set<Concept> concepts = new HashSet<>();
        for (int mask = 0; mask < (1 << m); mask++) {
            IndexSet intent = context.closeIntent(subset(mask, m));
            concepts.add(new Concept(context.extentOf(intent), intent));
        }
        return concepts;
    }

    /** The attribute set of a bit mask. */
    public static IndexSet subset(int mask, int width) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            if ((mask & (1 << i)) != 0) {
                members.add(i);
            }
        }
        return IndexSet.of(members.stream().mapToInt(Integer::intValue).toArray());
    }
}
