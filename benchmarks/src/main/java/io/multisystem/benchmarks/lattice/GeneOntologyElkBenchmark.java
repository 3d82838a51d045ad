package io.multisystem.benchmarks.lattice;

import io.multisystem.lattice.taxonomy.GeneOntologyDatabase;
import io.multisystem.lattice.taxonomy.Taxonomy;
import io.multisystem.lattice.taxonomy.elk.ElkAnchor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * GO ancestor closure against the ELK reasoner, in the same JVM and run: the Gene Ontology's is_a hierarchy (GO.db
 * from Debian's r-bioc-go.db, 43,559 terms, 70,061 is_a edges). Ours builds the hierarchy from the edges (cycle check,
 * topological order) and computes the ancestor set of every term; ELK 0.6.0 loads the same edges as OWL SubClassOf
 * axioms and classifies them ({@code elkClassify}), and then also answers the superclasses of every class
 * ({@code elkClassifyAndSuperclasses}, the like-for-like comparison). Every invocation checks that its (term,
 * ancestor) pair count equals ours; lattice-engine's {@code GeneOntologyElkAgreementIT} checks the sets themselves.
 *
 * <p>ELK is a test dependency of lattice-engine (it is not part of the service); its adapter {@code ElkAnchor} comes
 * from lattice-engine's test-jar, which benchmarks.jar carries together with ELK and the OWL API. Run from the
 * repository root after {@code scripts/fetch-datasets.sh lattice-engine}:
 * {@code java -jar benchmarks/target/benchmarks.jar GeneOntologyElkBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class GeneOntologyElkBenchmark {
    @Param(".datasets/go/usr/lib/R/site-library/GO.db/extdata/GO.sqlite")
    public String goDatabase;

    private List<String> ids;
    private List<Taxonomy.Edge> isaEdges;
    private List<String[]> pairs;
    private long expectedPairs;

    @Setup(Level.Trial)
    public void load() throws Exception {
        Taxonomy go = GeneOntologyDatabase.read(Path.of(goDatabase));
        ids = go.ids();
        isaEdges = go.edges().stream().filter(e -> e.relation().equals(Taxonomy.IS_A)).toList();
        pairs = isaEdges.stream().map(e -> new String[] {e.child(), e.parent()}).toList();
        expectedPairs = oursIsaClosure();
    }

    /** Ours: build the is_a hierarchy and the ancestor set of every term; returns the (term, ancestor) pairs. */
    @Benchmark
    public long oursIsaClosure() {
        Taxonomy.Builder b = Taxonomy.builder();
        for (String id : ids) {
            b.term(id, "");
        }
        for (Taxonomy.Edge e : isaEdges) {
            b.edge(e.child(), e.relation(), e.parent());
        }
        Taxonomy t = b.build();
        long n = 0;
        for (int i = 0; i < t.termCount(); i++) {
            n += t.ancestors(i, Set.of(Taxonomy.IS_A)).size();
        }
        if (expectedPairs != 0 && n != expectedPairs) {
            throw new IllegalStateException("closure has " + n + " pairs, expected " + expectedPairs);
        }
        return n;
    }

    /** ELK: load the SubClassOf axioms and classify. */
    @Benchmark
    public ElkAnchor elkClassify() {
        ElkAnchor elk = new ElkAnchor();
        try {
            elk.classify(ids, pairs);
        } finally {
            elk.dispose();
        }
        return elk;
    }

    /** ELK: classify, then the superclasses of every class (the same answer ours computes). */
    @Benchmark
    public long elkClassifyAndSuperclasses() {
        ElkAnchor elk = new ElkAnchor();
        try {
            elk.classify(ids, pairs);
            long n = elk.superclassPairs();
            if (n != expectedPairs) {
                throw new IllegalStateException("ELK found " + n + " superclass pairs, ours " + expectedPairs);
            }
            return n;
        } finally {
            elk.dispose();
        }
    }
}
