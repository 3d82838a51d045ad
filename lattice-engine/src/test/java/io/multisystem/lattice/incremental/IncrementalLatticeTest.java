package io.multisystem.lattice.incremental;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.testing.SharedData;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.BurmeisterFormat;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.ConceptMiner;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncrementalLatticeTest {
    @Test
    void bobRossBuiltIncrementallyHasTheMinedConcepts() {
        FormalContext bobRoss = BurmeisterFormat.read(SharedData.resolve("fca/bob-ross.cxt"));
        IncrementalLattice lattice = IncrementalLattice.of(bobRoss);
        assertThat(lattice.size()).isEqualTo(3_463);
        assertThat(lattice.concepts()).isEqualTo(new HashSet<>(ConceptMiner.create().mine(bobRoss)));
    }

    @Test
    void anEmptyLatticeHasTheSingleConceptOfItsAttributes() {
        IncrementalLattice lattice = IncrementalLattice.withAttributes(List.of("a", "b"));
        assertThat(lattice.size()).isEqualTo(1);
        lattice.addObject("g", IndexSet.of(0));
        assertThat(lattice.size()).isEqualTo(2);
    }

    @Test
    void badIndicesAreRejectedWithoutChangingTheLattice() {
        IncrementalLattice lattice = IncrementalLattice.withAttributes(List.of("a"));
        lattice.addObject("g", IndexSet.of(0));
        assertThatThrownBy(() -> lattice.addObject("h", IndexSet.of(3)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("attributes are 0..0");
        assertThatThrownBy(() -> lattice.removeObject(4)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> lattice.addIncidence(0, 9)).isInstanceOf(NotFoundException.class);
        assertThat(lattice.context().objectCount()).isEqualTo(1);
        assertThat(lattice.size()).isEqualTo(1);
    }
}
