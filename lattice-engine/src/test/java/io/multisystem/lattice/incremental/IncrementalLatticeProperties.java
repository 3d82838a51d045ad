package io.multisystem.lattice.incremental;

import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.ConceptLattice;
import io.multisystem.lattice.mining.MiningOptions;
import io.multisystem.lattice.testing.RandomContexts;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IncrementalLatticeProperties {
    @Provide
    Arbitrary<FormalContext> contexts() {
        return RandomContexts.contexts(9, 7);
    }

    /** The incremental lattice equals the lattice mined from scratch: same concepts, same Hasse edges. */
    private static void assertEqualsRecomputation(IncrementalLattice incremental) {
        FormalContext context = incremental.context();
        ConceptLattice expected = ConceptLattice.of(context, MiningOptions.defaults().withParallelism(1));
        assertThat(incremental.concepts()).isEqualTo(new HashSet<>(expected.concepts()));
        Set<IncrementalLattice.Cover> expectedCovers = new HashSet<>();
        for (int[] pair : expected.coverPairs()) {
            expectedCovers.add(new IncrementalLattice.Cover(expected.concept(pair[0]), expected.concept(pair[1])));
        }
        assertThat(incremental.covers()).isEqualTo(expectedCovers);
        assertThat(incremental.size()).isEqualTo(expected.size());
    }

    @Property(tries = 200, seed = "51")
    void addingObjectsOneByOneBuildsTheLatticeOfTheContext(@ForAll("contexts") FormalContext context) {
        IncrementalLattice lattice = IncrementalLattice.of(context);
        assertThat(lattice.context()).isEqualTo(context);
        assertEqualsRecomputation(lattice);
    }

    @Property(tries = 150, seed = "52")
    void addingAnAttributeEqualsRecomputation(@ForAll("contexts") FormalContext context, @ForAll long seed) {
        IncrementalLattice lattice = IncrementalLattice.of(context);
        Random random = new Random(seed);
        for (int step = 0; step < 3; step++) {
            lattice.addAttribute("new" + step, randomSubset(random, context.objectCount()));
            assertEqualsRecomputation(lattice);
        }
    }

    @Property(tries = 150, seed = "53")
    void removingObjectsEqualsRecomputation(@ForAll("contexts") FormalContext context, @ForAll long seed) {
        IncrementalLattice lattice = IncrementalLattice.of(context);
        Random random = new Random(seed);
        while (lattice.context().objectCount() > 0) {
            lattice.removeObject(random.nextInt(lattice.context().objectCount()));
            assertEqualsRecomputation(lattice);
        }
    }

    @Property(tries = 150, seed = "54")
    void removingAttributesEqualsRecomputation(@ForAll("contexts") FormalContext context, @ForAll long seed) {
        IncrementalLattice lattice = IncrementalLattice.of(context);
        Random random = new Random(seed);
        while (lattice.context().attributeCount() > 0) {
            lattice.removeAttribute(random.nextInt(lattice.context().attributeCount()));
            assertEqualsRecomputation(lattice);
        }
    }

    @Property(tries = 150, seed = "55")
    void togglingIncidencesEqualsRecomputation(@ForAll("contexts") FormalContext context, @ForAll long seed) {
        IncrementalLattice lattice = IncrementalLattice.of(context);
        Random random = new Random(seed);
        if (context.objectCount() == 0 || context.attributeCount() == 0) {
            return;
        }
        for (int step = 0; step < 8; step++) {
            int g = random.nextInt(context.objectCount());
            int m = random.nextInt(context.attributeCount());
            if (random.nextBoolean()) {
                lattice.addIncidence(g, m);
            } else {
                lattice.removeIncidence(g, m);
            }
            assertEqualsRecomputation(lattice);
        }
    }

    @Property(tries = 100, seed = "56")
    void mixedEditSequencesEqualRecomputation(@ForAll("contexts") FormalContext context, @ForAll long seed) {
        IncrementalLattice lattice = IncrementalLattice.of(context);
        Random random = new Random(seed);
        for (int step = 0; step < 10; step++) {
            FormalContext current = lattice.context();
            int g = current.objectCount();
            int m = current.attributeCount();
            switch (random.nextInt(6)) {
                case 0:
                    lattice.addObject("o" + step, randomSubset(random, m));
                    break;
                case 1:
                    lattice.addAttribute("a" + step, randomSubset(random, g));
                    break;
                case 2:
                    if (g > 0) {
                        lattice.removeObject(random.nextInt(g));
                    }
                    break;
                case 3:
                    if (m > 0) {
                        lattice.removeAttribute(random.nextInt(m));
                    }
                    break;
                default:
                    if (g > 0 && m > 0) {
                        lattice.addIncidence(random.nextInt(g), random.nextInt(m));
                        lattice.removeIncidence(random.nextInt(g), random.nextInt(m));
                    }
            }
            assertEqualsRecomputation(lattice);
        }
    }

    private static IndexSet randomSubset(Random random, int size) {
        int[] members = new int[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (random.nextBoolean()) {
                members[n++] = i;
            }
        }
        return IndexSet.of(java.util.Arrays.copyOf(members, n));
    }

    /**
     * Wide contexts: 33-130 objects with 3-5 of 10-16 attributes each, so the bottom concept has more than 32 upper
     * covers (AddIntent then jumps to the generator by closure instead of climbing) and extents span several words.
     */
    @Property(tries = 40, seed = "57")
    void wideContextsEqualRecomputationThroughEveryKindOfEdit(@ForAll long seed) {
        Random random = new Random(seed);
        int objects = 33 + random.nextInt(98);
        int attributes = 10 + random.nextInt(7);
        java.util.List<String> names = new java.util.ArrayList<>();
        java.util.List<IndexSet> intents = new java.util.ArrayList<>();
        for (int g = 0; g < objects; g++) {
            names.add("g" + g);
            int[] picked = random.ints(0, attributes).distinct().limit(3 + random.nextInt(3)).toArray();
            intents.add(IndexSet.of(picked));
        }
        java.util.List<String> attributeNames = java.util.stream.IntStream.range(0, attributes)
                .mapToObj(m -> "m" + m).toList();
        FormalContext context = FormalContext.fromIntents(names, attributeNames, intents);
        IncrementalLattice lattice = IncrementalLattice.of(context);
        assertThat(lattice.context()).isEqualTo(context);
        assertEqualsRecomputation(lattice);
        for (int step = 0; step < 4; step++) {
            int g = lattice.context().objectCount();
            lattice.removeObject(random.nextInt(g));
            lattice.addIncidence(random.nextInt(g - 1), random.nextInt(attributes));
            lattice.removeIncidence(random.nextInt(g - 1), random.nextInt(attributes));
            lattice.addObject("new" + step, IndexSet.of(random.ints(0, attributes).distinct().limit(4).toArray()));
            assertEqualsRecomputation(lattice);
        }
        lattice.addAttribute("wide", randomSubset(random, lattice.context().objectCount()));
        assertEqualsRecomputation(lattice);
    }

    /** More than 64 attributes: intents span several words; attribute removals shift bits across word boundaries. */
    @Property(tries = 30, seed = "58")
    void manyAttributesEqualRecomputation(@ForAll long seed) {
        Random random = new Random(seed);
        FormalContext context = RandomContexts.generate(3 + random.nextInt(8), 65 + random.nextInt(70),
                0.05 + random.nextDouble() * 0.2, seed);
        IncrementalLattice lattice = IncrementalLattice.of(context);
        assertEqualsRecomputation(lattice);
        for (int step = 0; step < 3; step++) {
            lattice.removeAttribute(random.nextInt(lattice.context().attributeCount()));
            lattice.addAttribute("x" + step, randomSubset(random, lattice.context().objectCount()));
            assertEqualsRecomputation(lattice);
        }
    }

    /** A lattice taken over from batch mining continues exactly like one built by AddIntent. */
    @Property(tries = 100, seed = "59")
    void latticeTakenOverFromBatchMiningStaysEqualToRecomputation(@ForAll("contexts") FormalContext context,
                                                                  @ForAll long seed) {
        IncrementalLattice lattice = IncrementalLattice.fromLattice(
                ConceptLattice.of(context, MiningOptions.defaults().withParallelism(1)));
        assertThat(lattice.context()).isEqualTo(context);
        assertEqualsRecomputation(lattice);
        Random random = new Random(seed);
        for (int step = 0; step < 6; step++) {
            int m = lattice.context().attributeCount();
            if (random.nextBoolean() || lattice.context().objectCount() == 0) {
                lattice.addObject("o" + step, randomSubset(random, m));
            } else {
                lattice.removeObject(random.nextInt(lattice.context().objectCount()));
            }
            assertEqualsRecomputation(lattice);
        }
    }
}
