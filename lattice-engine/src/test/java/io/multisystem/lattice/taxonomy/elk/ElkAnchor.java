package io.multisystem.lattice.taxonomy.elk;

import org.semanticweb.elk.owlapi.ElkReasonerFactory;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.reasoner.InferenceType;
import org.semanticweb.owlapi.reasoner.OWLReasoner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ELK anchor (ELK 0.6.0 through OWL API 5): a subsumption hierarchy given as child/parent id pairs becomes OWL
 * SubClassOf axioms between named classes, ELK classifies them, and the inferred (indirect) superclasses of every
 * class are read back. Its interface uses JDK types only, so the benchmarks module can drive it through a class loader
 * over lattice-engine's test classpath (ELK is a test dependency of lattice-engine, not part of the service).
 * One instance per classification; not thread-safe.
 */
public final class ElkAnchor {
    static final String OBO = "http://purl.obolibrary.org/obo/";

    private OWLOntologyManager manager;
    private OWLDataFactory factory;
    private OWLReasoner reasoner;
    private List<String> ids;

    /** Loads the axioms (declarations and one SubClassOf per pair) and classifies them. */
    public void classify(List<String> classIds, List<String[]> subClassOf) {
        ids = List.copyOf(classIds);
        manager = OWLManager.createOWLOntologyManager();
        factory = manager.getOWLDataFactory();
        OWLOntology ontology;
        try {
            ontology = manager.createOntology();
        } catch (OWLOntologyCreationException e) {
            throw new IllegalStateException(e);
        }
        List<OWLAxiom> axioms = new ArrayList<>(classIds.size() + subClassOf.size());
        for (String id : classIds) {
            axioms.add(factory.getOWLDeclarationAxiom(owl(id)));
        }
        for (String[] pair : subClassOf) {
            axioms.add(factory.getOWLSubClassOfAxiom(owl(pair[0]), owl(pair[1])));
        }
        ontology.addAxioms(axioms);
        reasoner = new ElkReasonerFactory().createReasoner(ontology);
        reasoner.precomputeInferences(InferenceType.CLASS_HIERARCHY);
    }

    /** Every class's inferred proper superclasses (owl:Thing left out), by id. */
    public Map<String, Set<String>> superclasses() {
        Map<String, Set<String>> out = new HashMap<>(ids.size() * 2);
        for (String id : ids) {
            Set<String> up = new HashSet<>();
            reasoner.getSuperClasses(owl(id), false).entities().forEach(c -> {
                if (!c.isOWLThing()) {
                    up.add(c.getIRI().getShortForm().replace('_', ':'));
                }
            });
            out.put(id, up);
        }
        return out;
    }

    /** The number of (class, superclass) pairs, without building the map (what the benchmark times). */
    public long superclassPairs() {
        long pairs = 0;
        for (String id : ids) {
            pairs += reasoner.getSuperClasses(owl(id), false).entities().filter(c -> !c.isOWLThing()).count();
        }
        return pairs;
    }

    public void dispose() {
        if (reasoner != null) {
            reasoner.dispose();
            reasoner = null;
        }
    }

    private OWLClass owl(String id) {
        return factory.getOWLClass(IRI.create(OBO + id.replace(':', '_')));
    }
}
