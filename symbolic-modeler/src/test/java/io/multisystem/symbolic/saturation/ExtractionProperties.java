package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Term;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractionProperties {

    @Property(tries = 150, seed = "99")
    void theExtractedTermIsInItsClassAndNoAddedTermOfTheClassIsCheaper(@ForAll long seed) {
        Random random = new Random(seed);
        EGraph egraph = new EGraph();
        List<Term> terms = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Term term = RandomEGraphs.term(random, 4);
            terms.add(term);
            ids.add(egraph.add(term));
        }
        for (int i = 0; i < 4; i++) {
            egraph.union(ids.get(random.nextInt(ids.size())), ids.get(random.nextInt(ids.size())),
                    Justification.CONGRUENCE);
        }
        egraph.rebuild();
        Extractor extractor = new Extractor(egraph, CostFunction.AST_SIZE);
        for (int i = 0; i < terms.size(); i++) {
            int classId = egraph.find(ids.get(i));
            Term best = extractor.extract(classId);
            assertThat(egraph.lookup(best)).as("extracted term is represented in its class").isEqualTo(classId);
            assertThat((double) best.size()).isEqualTo(extractor.cost(classId));
            for (int j = 0; j < terms.size(); j++) {
                if (egraph.find(ids.get(j)) == classId) {
                    assertThat(best.size()).isLessThanOrEqualTo(terms.get(j).size());
                }
            }
        }
    }
}
