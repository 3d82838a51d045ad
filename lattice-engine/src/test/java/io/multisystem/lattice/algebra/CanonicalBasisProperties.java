package io.multisystem.lattice.algebra;

import io.multisystem.core.testing.SharedData;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.BurmeisterFormat;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.testing.RandomContexts;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalBasisProperties {
    @Provide
    Arbitrary<FormalContext> contexts() {
        return RandomContexts.contexts(10, 7);
    }

    @Property(tries = 200, seed = "31")
    void everyImplicationOfTheBasisHoldsInTheContext(@ForAll("contexts") FormalContext context) {
        for (Implication implication : CanonicalBasis.of(context)) {
            assertThat(context.extentOf(implication.premise())
                    .isSubsetOf(context.extentOf(implication.conclusion()))).isTrue();
        }
    }

    @Property(tries = 200, seed = "32")
    void closingUnderTheBasisGivesExactlyTheIntents(@ForAll("contexts") FormalContext context) {
        ImplicationClosure closure = new ImplicationClosure(context.attributeCount(), CanonicalBasis.of(context));
        int m = context.attributeCount();
        for (int mask = 0; mask < (1 << m); mask++) {
            IndexSet set = RandomContexts.subset(mask, m);
            assertThat(closure.close(set)).isEqualTo(context.closeIntent(set));
        }
    }

    @Property(tries = 200, seed = "33")
    void basisHasOneImplicationPerPseudoIntent(@ForAll("contexts") FormalContext context) {
        List<Implication> basis = CanonicalBasis.of(context);
        List<IndexSet> pseudoIntents = bruteForcePseudoIntents(context);
        assertThat(basis).extracting(Implication::premise).containsExactlyInAnyOrderElementsOf(pseudoIntents);
    }

    @Property(tries = 100, seed = "34")
    void noImplicationOfTheBasisCanBeDropped(@ForAll("contexts") FormalContext context) {
        List<Implication> basis = CanonicalBasis.of(context);
        for (int i = 0; i < basis.size(); i++) {
            List<Implication> rest = new ArrayList<>(basis);
            Implication dropped = rest.remove(i);
            IndexSet derived = new ImplicationClosure(context.attributeCount(), rest).close(dropped.premise());
            assertThat(dropped.conclusion().isSubsetOf(derived)).isFalse();
        }
    }

    @Test
    void liveInWaterBasisMatchesTheBruteForcePseudoIntents() {
        FormalContext context = BurmeisterFormat.read(SharedData.resolve("fca/liveinwater.cxt"));
        List<Implication> basis = CanonicalBasis.of(context);
        assertThat(basis).extracting(Implication::premise)
                .containsExactlyInAnyOrderElementsOf(bruteForcePseudoIntents(context));
        // {} -> {needs water to live}: every organism needs water
        assertThat(basis.get(0)).isEqualTo(new Implication(IndexSet.empty(), IndexSet.of(0)));
    }

    @Test
    void knownSmallExampleHasTheExpectedBasis() {
        // a -> b holds, b alone does not imply a; every object has c.
        FormalContext context = FormalContext.fromIntents(List.of("1", "2", "3"), List.of("a", "b", "c"),
                List.of(IndexSet.of(0, 1, 2), IndexSet.of(1, 2), IndexSet.of(2)));
        assertThat(CanonicalBasis.of(context)).containsExactly(
                new Implication(IndexSet.empty(), IndexSet.of(2)),
                new Implication(IndexSet.of(0, 2), IndexSet.of(1)));
    }

    /** P is a pseudo-intent iff P ≠ P'' and Q'' ⊆ P for every pseudo-intent Q ⊊ P (by increasing size). */
    static List<IndexSet> bruteForcePseudoIntents(FormalContext context) {
        int m = context.attributeCount();
        List<IndexSet> sets = new ArrayList<>();
        for (int mask = 0; mask < (1 << m); mask++) {
            sets.add(RandomContexts.subset(mask, m));
        }
        sets.sort(Comparator.comparingInt(IndexSet::size));
        List<IndexSet> pseudo = new ArrayList<>();
        for (IndexSet p : sets) {
            if (context.closeIntent(p).equals(p)) {
                continue;
            }
            boolean respects = true;
            for (IndexSet q : pseudo) {
                if (!q.equals(p) && q.isSubsetOf(p) && !context.closeIntent(q).isSubsetOf(p)) {
                    respects = false;
                    break;
                }
            }
            if (respects) {
                pseudo.add(p);
            }
        }
        return pseudo;
    }
}
