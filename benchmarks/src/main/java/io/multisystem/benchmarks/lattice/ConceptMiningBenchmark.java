package io.multisystem.benchmarks.lattice;

import io.multisystem.lattice.context.BurmeisterFormat;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.ConceptMiner;
import io.multisystem.lattice.mining.MiningOptions;
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
import java.util.concurrent.TimeUnit;

/**
 * Enumerating all 238,710 concepts of mushroom (8124 x 119) in count mode: the parallel In-Close/FCbO miner on every
 * available core against the same miner on one thread, plus the materialising mode. Target: parallel count under 2 s
 * on 2 cores. Every invocation checks the count, so a fast wrong answer fails the run.
 *
 * <p>Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar ConceptMiningBenchmark
 * -p contextFile=../shared/data/fca/mushroom.cxt} (the default path is relative to the working directory).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ConceptMiningBenchmark {
    private static final long MUSHROOM_CONCEPTS = 238_710;

    @Param("../shared/data/fca/mushroom.cxt")
    public String contextFile;

    private FormalContext context;
    private ConceptMiner parallel;
    private ConceptMiner sequential;
    private long expected;

    @Setup
    public void setUp() {
        context = BurmeisterFormat.read(Path.of(System.getProperty("lattice.context", contextFile)));
        parallel = ConceptMiner.create(MiningOptions.defaults());
        sequential = ConceptMiner.create(MiningOptions.defaults().withParallelism(1));
        expected = sequential.count(context);
        if (contextFile.endsWith("mushroom.cxt") && expected != MUSHROOM_CONCEPTS) {
            throw new IllegalStateException("mushroom must have " + MUSHROOM_CONCEPTS + " concepts, got " + expected);
        }
    }

    @Benchmark
    public long countParallel() {
        return checked(parallel.count(context));
    }

    @Benchmark
    public long countSequential() {
        return checked(sequential.count(context));
    }

    @Benchmark
    public long materialiseParallel() {
        return checked(parallel.mine(context).size());
    }

    private long checked(long count) {
        if (count != expected) {
            throw new IllegalStateException("expected " + expected + " concepts, got " + count);
        }
        return count;
    }
}
