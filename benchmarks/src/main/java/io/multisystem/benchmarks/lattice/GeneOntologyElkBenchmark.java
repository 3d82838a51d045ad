package io.multisystem.benchmarks.lattice;

import io.multisystem.lattice.taxonomy.GeneOntologyDatabase;
import io.multisystem.lattice.taxonomy.Taxonomy;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * <p>ELK is a test dependency of lattice-engine (it is not part of the service), so it is not in benchmarks.jar: the
 * benchmark loads lattice-engine's {@code ElkAnchor} test class with ELK and the OWL API through a class loader over
 * lattice-engine's test classpath, written to {@code lattice-engine/target/elk-anchor.classpath} by
 * {@code ./mvnw -q -B -o -pl lattice-engine test-compile dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=target/elk-anchor.classpath}. Run from the repository root after
 * {@code scripts/fetch-datasets.sh lattice-engine}:
 * {@code java -jar benchmarks/target/benchmarks.jar GeneOntologyElkBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class GeneOntologyElkBenchmark {
    static final String ANCHOR = "io.multisystem.lattice.taxonomy.elk.ElkAnchor";

    @Param(".datasets/go/usr/lib/R/site-library/GO.db/extdata/GO.sqlite")
    public String goDatabase;

    /** lattice-engine's test classpath (file with a path-separated list); its test-classes are added. */
    @Param("lattice-engine/target/elk-anchor.classpath")
    public String elkClasspath;

    private List<String> ids;
    private List<Taxonomy.Edge> isaEdges;
    private List<String[]> pairs;
    private long expectedPairs;
    private URLClassLoader loader;
    private Class<?> anchor;
    private Method classify;
    private Method superclassPairs;
    private Method dispose;

    @Setup(Level.Trial)
    public void load() throws Exception {
        Taxonomy go = GeneOntologyDatabase.read(Path.of(goDatabase));
        ids = go.ids();
        isaEdges = go.edges().stream().filter(e -> e.relation().equals(Taxonomy.IS_A)).toList();
        pairs = isaEdges.stream().map(e -> new String[] {e.child(), e.parent()}).toList();
        expectedPairs = oursIsaClosure();
        loader = new URLClassLoader(classpath(Path.of(elkClasspath)), getClass().getClassLoader());
        anchor = Class.forName(ANCHOR, true, loader);
        classify = anchor.getMethod("classify", List.class, List.class);
        superclassPairs = anchor.getMethod("superclassPairs");
        dispose = anchor.getMethod("dispose");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        loader.close();
    }

    private static URL[] classpath(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " not found: write lattice-engine's test classpath first with"
                    + " ./mvnw -q -B -o -pl lattice-engine test-compile dependency:build-classpath"
                    + " -Dmdep.includeScope=test -Dmdep.outputFile=target/elk-anchor.classpath");
        }
        try {
            List<URL> urls = new ArrayList<>();
            urls.add(file.toAbsolutePath().getParent().resolve("test-classes").toUri().toURL());
            for (String entry : Files.readString(file).strip().split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    urls.add(Path.of(entry).toUri().toURL());
                }
            }
            return urls.toArray(URL[]::new);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    public Object elkClassify() throws Exception {
        Object elk = anchor.getConstructor().newInstance();
        try {
            classify.invoke(elk, ids, pairs);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("ELK failed", e.getCause());
        } finally {
            dispose.invoke(elk);
        }
        return elk;
    }

    /** ELK: classify, then the superclasses of every class (the same answer ours computes). */
    @Benchmark
    public long elkClassifyAndSuperclasses() throws Exception {
        Object elk = anchor.getConstructor().newInstance();
        try {
            classify.invoke(elk, ids, pairs);
            long n = (Long) superclassPairs.invoke(elk);
            if (n != expectedPairs) {
                throw new IllegalStateException("ELK found " + n + " superclass pairs, ours " + expectedPairs);
            }
            return n;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("ELK failed", e.getCause());
        } finally {
            dispose.invoke(elk);
        }
    }
}
