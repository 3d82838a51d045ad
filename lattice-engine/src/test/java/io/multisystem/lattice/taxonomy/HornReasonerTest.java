package io.multisystem.lattice.taxonomy;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.ResourceExhaustedException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HornReasonerTest {
    @Test
    void partOfPropagatesThroughIsAOnBothSides() {
        Taxonomy t = TaxonomyTest.toy();
        HornReasoner.Inference inf = HornReasoner.infer(t, HornRule.geneOntologyDefaults());
        // feather part_of wing part_of bird is_a animal  =>  feather part_of animal
        assertThat(inf.holds("part_of", "T:6", "T:4")).isTrue();
        assertThat(inf.holds("part_of", "T:6", "T:2")).isTrue();
        assertThat(inf.holds("is_a", "T:3", "T:1")).isTrue();
        assertThat(inf.holds("part_of", "T:3", "T:1")).isFalse();
    }

    @Test
    void explanationIsTheChainOfEdgesAndRulesBehindAFact() {
        Taxonomy t = TaxonomyTest.toy();
        HornReasoner.Inference inf = HornReasoner.infer(t, HornRule.geneOntologyDefaults());
        List<String> proof = inf.explain("part_of", "T:6", "T:2");
        assertThat(proof.get(0)).startsWith("part_of(T:6, T:2)").contains("[by ");
        assertThat(inf.supportingEdges("part_of", "T:6", "T:2")).extracting(inf::render)
                .containsExactly("part_of(T:6, T:5)", "part_of(T:5, T:4)", "is_a(T:4, T:2)");
    }

    @Test
    void baseEdgesExplainThemselves() {
        HornReasoner.Inference inf = HornReasoner.infer(TaxonomyTest.toy(), HornRule.geneOntologyDefaults());
        assertThat(inf.explain("is_a", "T:3", "T:2")).containsExactly("is_a(T:3, T:2)  [edge]");
        assertThat(inf.explain("is_a", "T:3", "T:6")).isEmpty();
    }

    @Test
    void transitiveIsAClosureEqualsTheTaxonomysAncestorSets() {
        Taxonomy t = TaxonomyTest.toy();
        HornReasoner.Inference inf = HornReasoner.infer(t, List.of(HornRule.transitive("is_a")));
        for (int term = 0; term < t.termCount(); term++) {
            assertThat(inf.objectsOf("is_a", term))
                    .containsExactlyInAnyOrderElementsOf(t.ancestors(term, Set.of("is_a")).stream().boxed().toList());
        }
    }

    @Test
    void ruleWithHeadVariableMissingFromTheBodyIsRejected() {
        assertThatThrownBy(() -> HornRule.parseAll("p(X,W) :- q(X,Y)."))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("RULE_UNSAFE"));
    }

    @Test
    void malformedRuleNamesItsNumber() {
        assertThatThrownBy(() -> HornRule.parseAll("is_a(X,Z) :- is_a(X,Y), is_a(Y,Z).\npart_of(X) :- is_a(X,Y)."))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("rule 2");
    }

    @Test
    void factBudgetStopsRunawayInference() {
        assertThatThrownBy(() -> HornReasoner.infer(TaxonomyTest.toy(), HornRule.geneOntologyDefaults(), 8))
                .isInstanceOf(ResourceExhaustedException.class);
    }
}
