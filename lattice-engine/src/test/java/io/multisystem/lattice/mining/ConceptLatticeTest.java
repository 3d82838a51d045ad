package io.multisystem.lattice.mining;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.ResourceExhaustedException;
import io.multisystem.core.testing.SharedData;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.BurmeisterFormat;
import io.multisystem.lattice.context.FormalContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConceptLatticeTest {
    private final FormalContext liveInWater = BurmeisterFormat.read(SharedData.resolve("fca/liveinwater.cxt"));

    @Test
    void topComesFirstAndBottomHasAllAttributes() {
        ConceptLattice lattice = ConceptLattice.of(liveInWater);
        Concept top = lattice.concept(lattice.findTop().orElseThrow());
        assertThat(top.extent()).isEqualTo(IndexSet.range(8));
        assertThat(top.intent()).isEqualTo(IndexSet.of(0));
        Concept bottom = lattice.concept(lattice.findBottom().orElseThrow());
        assertThat(bottom.intent()).isEqualTo(IndexSet.range(9));
        assertThat(bottom.extent().isEmpty()).isTrue();
        assertThat(lattice.upperCovers(0)).isEmpty();
        assertThat(lattice.lowerCovers(lattice.findBottom().getAsInt())).isEmpty();
    }

    @Test
    void icebergKeepsTheTopButMayLoseTheBottom() {
        ConceptLattice iceberg = ConceptLattice.of(liveInWater, MiningOptions.defaults().withMinSupport(3));
        assertThat(iceberg.findBottom()).isEmpty();
        assertThat(iceberg.concepts()).allMatch(c -> c.support() >= 3);
        assertThat(iceberg.findTop()).hasValue(0);
    }

    @Test
    void buildingTheLatticeRespectsTheConceptBudget() {
        assertThatThrownBy(() -> ConceptLattice.of(liveInWater, MiningOptions.defaults().withMaxConcepts(5)))
                .isInstanceOf(ResourceExhaustedException.class);
    }

    @Test
    void rejectsSomethingThatIsNotAConcept() {
        Concept fake = new Concept(IndexSet.of(0), IndexSet.of(0));
        assertThatThrownBy(() -> ConceptLattice.fromConcepts(liveInWater, List.of(fake), 1))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).code()).isEqualTo("NOT_A_CONCEPT");
    }

    @Test
    void badOptionsNameEveryFieldAtFault() {
        assertThatThrownBy(() -> new MiningOptions(0, -1, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("parallelism").hasMessageContaining("minSupport").hasMessageContaining("maxConcepts");
    }

    @Test
    void contextsWithoutObjectsOrAttributesHaveOneConcept() {
        FormalContext noObjects = FormalContext.builder(List.of(), List.of("a", "b")).build();
        FormalContext noAttributes = FormalContext.builder(List.of("g"), List.of()).build();
        assertThat(ConceptMiner.create().mine(noObjects))
                .containsExactly(new Concept(IndexSet.empty(), IndexSet.of(0, 1)));
        assertThat(ConceptMiner.create().mine(noAttributes))
                .containsExactly(new Concept(IndexSet.of(0), IndexSet.empty()));
    }
}
