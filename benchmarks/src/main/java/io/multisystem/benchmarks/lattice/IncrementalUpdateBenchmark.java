package io.multisystem.benchmarks.lattice;

import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.BurmeisterFormat;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.incremental.IncrementalLattice;
import io.multisystem.lattice.mining.ConceptLattice;
import io.multisystem.lattice.mining.ConceptMiner;
import io.multisystem.lattice.mining.MiningOptions;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Adding {@code added} objects of a context to the lattice of the {@code baseObjects} before them (mushroom: objects
 * 3,001-4,000 to the lattice of the first 3,000, by default), incrementally (AddIntent, concepts
 * and cover edges maintained) against recomputing the lattice of the whole context from scratch (parallel
 * In-Close/FCbO mining plus Lindig cover search) and against counting its concepts only. Single-shot: each
 * measurement starts from a freshly built base lattice (built in setup, outside the timing). The incremental result
 * is checked against the recomputed concept count.
 *
 * <p>Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar IncrementalUpdateBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class IncrementalUpdateBenchmark {
    @Param("../shared/data/fca/mushroom.cxt")
    public String contextFile;

    @Param("1000")
    public int added;

    /** Objects in the base lattice (the first ones of the file); 0 = all but the added ones. */
    @Param("3000")
    public int baseObjects;

    private FormalContext full;
    private FormalContext base;
    private long expected;
    private IncrementalLattice lattice;

    @Setup(Level.Trial)
    public void load() {
        FormalContext file = BurmeisterFormat.read(Path.of(contextFile));
        int keep = baseObjects > 0 ? baseObjects : file.objectCount() - added;
        full = prefix(file, keep + added);
        base = prefix(file, keep);
        expected = ConceptMiner.create(MiningOptions.defaults()).count(full);
    }

    private static FormalContext prefix(FormalContext c, int objects) {
        List<String> names = new ArrayList<>(c.objects().subList(0, objects));
        List<IndexSet> intents = new ArrayList<>();
        for (int g = 0; g < objects; g++) {
            intents.add(c.objectIntent(g));
        }
        return FormalContext.fromIntents(names, c.attributes(), intents);
    }

    @Setup(Level.Iteration)
    public void freshBaseLattice() {
        lattice = IncrementalLattice.of(base);
    }

    @Benchmark
    public int addIncrementally() {
        for (int g = base.objectCount(); g < full.objectCount(); g++) {
            lattice.addObject(full.objects().get(g), full.objectIntent(g));
        }
        if (lattice.size() != expected) {
            throw new IllegalStateException("incremental lattice has " + lattice.size() + " concepts, expected "
                    + expected);
        }
        return lattice.size();
    }

    @Benchmark
    public int recomputeLattice() {
        ConceptLattice l = ConceptLattice.of(full, MiningOptions.defaults());
        if (l.size() != expected) {
            throw new IllegalStateException("recomputed " + l.size() + " concepts, expected " + expected);
        }
        return l.size();
    }

    @Benchmark
    public long recountConcepts() {
        return ConceptMiner.create(MiningOptions.defaults()).count(full);
    }
}
