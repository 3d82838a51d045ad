package io.multisystem.lattice.taxonomy;

import io.multisystem.lattice.taxonomy.elk.ElkAnchor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The anchor agreement of the issue: ELK (an EL reasoner) classifies the GO is_a hierarchy as OWL SubClassOf axioms;
 * its inferred superclasses of every class must equal our is_a ancestor closure. The timing comparison lives in the
 * benchmarks module ({@code GeneOntologyElkBenchmark}), which drives the same {@link ElkAnchor}.
 */
class GeneOntologyElkAgreementIT {
    @Test
    void elkSuperclassesEqualOurIsAClosureForEveryGoTerm() {
        Taxonomy go = GeneOntologyDatabase.read(GeneOntologyData.require());
        List<Taxonomy.Edge> isa = go.edges().stream().filter(e -> e.relation().equals(Taxonomy.IS_A)).toList();
        Map<String, Set<String>> ours = new HashMap<>();
        for (int i = 0; i < go.termCount(); i++) {
            Set<String> up = new HashSet<>();
            go.ancestors(i, Set.of(Taxonomy.IS_A)).forEach(a -> up.add(go.id(a)));
            ours.put(go.id(i), up);
        }
        ElkAnchor elk = new ElkAnchor();
        try {
            elk.classify(go.ids(), isa.stream().map(e -> new String[] {e.child(), e.parent()}).toList());
            assertThat(elk.superclasses()).isEqualTo(ours);
            assertThat(elk.superclassPairs()).isEqualTo(ours.values().stream().mapToLong(Set::size).sum());
        } finally {
            elk.dispose();
        }
    }
}
