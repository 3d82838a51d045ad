package io.multisystem.benchmarks.lattice;

import io.multisystem.lattice.taxonomy.GeneOntologyDatabase;
import io.multisystem.lattice.taxonomy.HornReasoner;
import io.multisystem.lattice.taxonomy.HornRule;
import io.multisystem.lattice.taxonomy.Taxonomy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The Gene Ontology (GO.db from Debian's r-bioc-go.db, 43,559 terms): building the hierarchy from its edges (cycle
 * check, topological order) and computing the ancestor set of every term, over is_a only and over all relations; and
 * the same is_a closure derived by semi-naive Horn-rule inference (transitivity rule), the Datalog route.
 * The ELK anchor runs against the is_a closure in {@link GeneOntologyElkBenchmark}.
 *
 * <p>Run from the repository root after {@code scripts/fetch-datasets.sh lattice-engine}:
 * {@code java -jar benchmarks/target/benchmarks.jar TaxonomyClosureBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class TaxonomyClosureBenchmark {
    @Param(".datasets/go/usr/lib/R/site-library/GO.db/extdata/GO.sqlite")
    public String goDatabase;

    private List<Taxonomy.Edge> edges;
    private List<Taxonomy.Edge> isaEdges;
    private List<String> ids;

    @Setup
    public void load() {
        Taxonomy go = GeneOntologyDatabase.read(Path.of(goDatabase));
        edges = go.edges();
        isaEdges = edges.stream().filter(e -> e.relation().equals(Taxonomy.IS_A)).toList();
        ids = go.ids();
    }

    @Benchmark
    public long isaClosureOfAllTerms() {
        return closure(isaEdges, Set.of(Taxonomy.IS_A));
    }

    @Benchmark
    public long allRelationsClosureOfAllTerms() {
        return closure(edges, Set.of());
    }

    @Benchmark
    public long isaClosureByHornRules() {
        Taxonomy t = build(isaEdges);
        return HornReasoner.infer(t, List.of(HornRule.transitive(Taxonomy.IS_A))).factCount();
    }

    private long closure(List<Taxonomy.Edge> which, Set<String> via) {
        Taxonomy t = build(which);
        long pairs = 0;
        for (int i = 0; i < t.termCount(); i++) {
            pairs += t.ancestors(i, via).size();
        }
        return pairs;
    }

    private Taxonomy build(List<Taxonomy.Edge> which) {
        Taxonomy.Builder b = Taxonomy.builder();
        for (String id : ids) {
            b.term(id, "");
        }
        for (Taxonomy.Edge e : which) {
            b.edge(e.child(), e.relation(), e.parent());
        }
        return b.build();
    }
}
