package io.multisystem.lattice.algebra;

import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.Concept;
import io.multisystem.lattice.mining.ConceptLattice;
import io.multisystem.lattice.mining.MiningOptions;
import io.multisystem.lattice.testing.RandomContexts;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

class FiniteLatticeProperties {
    @Provide
    Arbitrary<FormalContext> contexts() {
        return RandomContexts.contexts(8, 6);
    }

    private static ConceptLattice latticeOf(FormalContext context) {
        return ConceptLattice.of(context, MiningOptions.defaults().withParallelism(1));
    }

    @Property(tries = 150, seed = "21")
    void joinAndMeetObeyTheLatticeLaws(@ForAll("contexts") FormalContext context) {
        FiniteLattice lattice = FiniteLattice.of(latticeOf(context));
        int n = lattice.size();
        for (int a = 0; a < n; a++) {
            assertThat(lattice.join(a, a)).isEqualTo(a);
            assertThat(lattice.meet(a, a)).isEqualTo(a);
            for (int b = 0; b < n; b++) {
                assertThat(lattice.join(a, b)).isEqualTo(lattice.join(b, a));
                assertThat(lattice.meet(a, b)).isEqualTo(lattice.meet(b, a));
                assertThat(lattice.join(a, lattice.meet(a, b))).isEqualTo(a);
                assertThat(lattice.meet(a, lattice.join(a, b))).isEqualTo(a);
                assertThat(lattice.lessOrEqual(a, b)).isEqualTo(lattice.join(a, b) == b);
                for (int c = 0; c < n; c++) {
                    assertThat(lattice.join(a, lattice.join(b, c))).isEqualTo(lattice.join(lattice.join(a, b), c));
                    assertThat(lattice.meet(a, lattice.meet(b, c))).isEqualTo(lattice.meet(lattice.meet(a, b), c));
                }
            }
        }
    }

    @Property(tries = 150, seed = "22")
    void tableJoinsAgreeWithConceptJoinsFromTheContext(@ForAll("contexts") FormalContext context) {
        ConceptLattice concepts = latticeOf(context);
        FiniteLattice lattice = FiniteLattice.of(concepts);
        ConceptAlgebra algebra = ConceptAlgebra.of(context);
        for (int a = 0; a < lattice.size(); a++) {
            for (int b = 0; b < lattice.size(); b++) {
                Concept join = algebra.join(concepts.concept(a), concepts.concept(b));
                Concept meet = algebra.meet(concepts.concept(a), concepts.concept(b));
                assertThat(concepts.concept(lattice.join(a, b))).isEqualTo(join);
                assertThat(concepts.concept(lattice.meet(a, b))).isEqualTo(meet);
            }
        }
        assertThat(concepts.concept(lattice.supremum())).isEqualTo(algebra.supremum(java.util.List.of()));
        assertThat(concepts.concept(lattice.infimum())).isEqualTo(algebra.infimum(java.util.List.of()));
    }

    @Property(tries = 200, seed = "23")
    void distributivityAndModularityChecksAgreeWithTheTripleLaws(@ForAll("contexts") FormalContext context) {
        FiniteLattice lattice = FiniteLattice.of(latticeOf(context));
        boolean distributive = true;
        boolean modular = true;
        int n = lattice.size();
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                for (int z = 0; z < n; z++) {
                    distributive &= lattice.meet(x, lattice.join(y, z))
                            == lattice.join(lattice.meet(x, y), lattice.meet(x, z));
                    if (lattice.lessOrEqual(x, z)) {
                        modular &= lattice.join(x, lattice.meet(y, z)) == lattice.meet(lattice.join(x, y), z);
                    }
                }
            }
        }
        assertThat(lattice.isDistributive()).isEqualTo(distributive);
        assertThat(lattice.isModular()).isEqualTo(modular);
    }
}
