package io.multisystem.lattice.taxonomy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.semanticweb.elk.owlapi.ElkReasonerFactory;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.reasoner.InferenceType;
import org.semanticweb.owlapi.reasoner.OWLReasoner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The anchor comparison of the issue: ELK (an EL reasoner) classifies the GO is_a hierarchy as OWL SubClassOf axioms;
 * its inferred superclasses of every class must equal our is_a ancestor closure, and both are timed in this JVM
 * (best of a few rounds each, printed as a table for benchmarks/results/lattice-engine.md).
 */
class GeneOntologyElkComparisonIT {
    static final String OBO = "http://purl.obolibrary.org/obo/";
    static Taxonomy go;
    static List<Taxonomy.Edge> isa;

    @BeforeAll
    static void load() {
        go = GeneOntologyDatabase.read(GeneOntologyData.require());
        isa = go.edges().stream().filter(e -> e.relation().equals(Taxonomy.IS_A)).toList();
    }

    static Taxonomy buildIsA() {
        Taxonomy.Builder b = Taxonomy.builder();
        for (String id : go.ids()) {
            b.term(id, "");
        }
        for (Taxonomy.Edge e : isa) {
            b.edge(e.child(), e.relation(), e.parent());
        }
        return b.build();
    }

    static OWLClass owl(OWLDataFactory df, String id) {
        return df.getOWLClass(IRI.create(OBO + id.replace(':', '_')));
    }

    @Test
    void elkSuperclassesEqualOurIsAClosureAndBothAreTimed() throws Exception {
        long oursBest = Long.MAX_VALUE;
        long elkClassifyBest = Long.MAX_VALUE;
        long elkExtractBest = Long.MAX_VALUE;
        Map<String, Set<String>> ours = null;
        Map<String, Set<String>> elk = null;
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            Taxonomy t = buildIsA();
            Map<String, Set<String>> closure = new HashMap<>();
            long pairs = 0;
            for (int i = 0; i < t.termCount(); i++) {
                pairs += t.ancestors(i, Set.of(Taxonomy.IS_A)).size();
            }
            long t1 = System.nanoTime();
            oursBest = Math.min(oursBest, t1 - t0);
            if (ours == null) {
                for (int i = 0; i < t.termCount(); i++) {
                    Set<String> up = new HashSet<>();
                    t.ancestors(i, Set.of(Taxonomy.IS_A)).forEach(a -> up.add(t.id(a)));
                    closure.put(t.id(i), up);
                }
                ours = closure;
                assertThat(pairs).isPositive();
            }

            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            OWLDataFactory df = manager.getOWLDataFactory();
            long e0 = System.nanoTime();
            OWLOntology ontology = manager.createOntology();
            List<OWLAxiom> axioms = new ArrayList<>();
            for (String id : go.ids()) {
                axioms.add(df.getOWLDeclarationAxiom(owl(df, id)));
            }
            for (Taxonomy.Edge e : isa) {
                axioms.add(df.getOWLSubClassOfAxiom(owl(df, e.child()), owl(df, e.parent())));
            }
            ontology.addAxioms(axioms);
            OWLReasoner reasoner = new ElkReasonerFactory().createReasoner(ontology);
            reasoner.precomputeInferences(InferenceType.CLASS_HIERARCHY);
            long e1 = System.nanoTime();
            Map<String, Set<String>> inferred = new HashMap<>();
            for (String id : go.ids()) {
                Set<String> up = new HashSet<>();
                reasoner.getSuperClasses(owl(df, id), false).entities().forEach(c -> {
                    if (!c.isOWLThing()) {
                        up.add(c.getIRI().getShortForm().replace('_', ':'));
                    }
                });
                inferred.put(id, up);
            }
            long e2 = System.nanoTime();
            reasoner.dispose();
            elkClassifyBest = Math.min(elkClassifyBest, e1 - e0);
            elkExtractBest = Math.min(elkExtractBest, e2 - e1);
            if (elk == null) {
                elk = inferred;
            }
        }
        assertThat(elk).isEqualTo(ours);
        double oursMs = oursBest / 1e6;
        double elkMs = elkClassifyBest / 1e6;
        double elkAllMs = (elkClassifyBest + elkExtractBest) / 1e6;
        System.out.printf("%n| GO is_a (%d terms, %d edges) | best of 2 (ms) |%n|---|---|%n"
                + "| lattice-engine: build + ancestor closure of every term | %.1f |%n"
                + "| ELK 0.6.0: load axioms + classify | %.1f |%n"
                + "| ELK 0.6.0: classify + superclasses of every term | %.1f |%n"
                + "ratio ELK classify / ours = %.2f; ELK classify+extract / ours = %.2f%n",
                go.termCount(), isa.size(), oursMs, elkMs, elkAllMs, elkMs / oursMs, elkAllMs / oursMs);
    }
}
