package io.multisystem.lattice.algebra;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.testing.SharedData;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.BurmeisterFormat;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.ConceptLattice;
import io.multisystem.lattice.mining.MiningOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AssociationRulesTest {
    private final FormalContext liveInWater = BurmeisterFormat.read(SharedData.resolve("fca/liveinwater.cxt"));

    @Test
    void evaluatesSupportAndConfidenceByCounting() {
        // lives in water (1): fish leech, bream, frog, water weeds, reed; of those, can move (6): the first three
        AssociationRule rule = AssociationRules.evaluate(liveInWater, IndexSet.of(1), IndexSet.of(6));
        assertThat(rule.supportCount()).isEqualTo(3);
        assertThat(rule.support()).isCloseTo(3 / 8.0, within(1e-12));
        assertThat(rule.confidence()).isCloseTo(3 / 5.0, within(1e-12));
    }

    @Test
    void luxenburgerRulesFollowTheHasseEdgesWithCountedConfidence() {
        ConceptLattice lattice = ConceptLattice.of(liveInWater, MiningOptions.defaults().withMinSupport(2));
        List<AssociationRule> rules = AssociationRules.luxenburgerBasis(lattice, 0.5);
        assertThat(rules).isNotEmpty().hasSize((int) lattice.coverPairs().stream()
                .filter(p -> (double) lattice.concept(p[0]).support() / lattice.concept(p[1]).support() >= 0.5).count());
        for (AssociationRule rule : rules) {
            AssociationRule counted = AssociationRules.evaluate(liveInWater, rule.premise(), rule.conclusion());
            assertThat(rule.supportCount()).isEqualTo(counted.supportCount()).isGreaterThanOrEqualTo(2);
            assertThat(rule.confidence()).isCloseTo(counted.confidence(), within(1e-12)).isGreaterThanOrEqualTo(0.5)
                    .isLessThan(1.0);
        }
        assertThat(rules).isSortedAccordingTo((a, b) -> Double.compare(b.confidence(), a.confidence()));
    }

    @Test
    void rejectsAConfidenceOutsideTheUnitInterval() {
        ConceptLattice lattice = ConceptLattice.of(liveInWater);
        assertThatThrownBy(() -> AssociationRules.luxenburgerBasis(lattice, 1.5))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AssociationRules.evaluate(liveInWater, IndexSet.of(40), IndexSet.empty()))
                .isInstanceOf(InvalidInputException.class);
    }
}
