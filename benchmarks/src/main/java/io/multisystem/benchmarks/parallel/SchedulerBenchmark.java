package io.multisystem.benchmarks.parallel;

import io.multisystem.parallel.jobs.Fib;
import io.multisystem.parallel.jobs.MatrixMultiply;
import io.multisystem.parallel.jobs.ParallelSort;
import io.multisystem.parallel.task.TaskEngine;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * parallel-framework against its local anchors in one run, all on 2 workers:
 * <ul>
 *   <li>fine-grained fib(20) (about 17,700 tasks incl. the adds): our task graph vs a raw {@code RecursiveTask} on a
 *       {@code ForkJoinPool} vs {@code CompletableFuture} composition on a fixed thread pool. Divide the time by the
 *       task count for per-task overhead; target: at most 1.5x the ForkJoinPool;</li>
 *   <li>speed-up of parallel sort (2M ints) and matrix multiply (n = 384) on 2 workers over 1 worker of the same engine,
 *       and over the sequential JDK code ({@code Arrays.sort}, the i-k-j triple loop).</li>
 * </ul>
 * Every invocation checks its result, so a fast wrong answer fails the run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class SchedulerBenchmark {
    private static final int FIB_N = 20;
    private static final long FIB_VALUE = 6765;

    private TaskEngine engine;
    private TaskEngine oneWorker;
    private ForkJoinPool forkJoin;
    private ExecutorService fixed;
    private int[] unsorted;
    private MatrixMultiply.Matrix a;
    private MatrixMultiply.Matrix b;

    @Setup(Level.Trial)
    public void setUp() {
        engine = TaskEngine.builder().parallelism(2).build();
        oneWorker = TaskEngine.builder().parallelism(1).build();
        forkJoin = new ForkJoinPool(2);
        fixed = Executors.newFixedThreadPool(2);
        unsorted = new SplittableRandom(42).ints(2_000_000).toArray();
        a = MatrixMultiply.Matrix.random(384, 1);
        b = MatrixMultiply.Matrix.random(384, 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        oneWorker.close();
        forkJoin.shutdownNow();
        fixed.shutdownNow();
    }

    static final class RawFib extends RecursiveTask<Long> {
        private final int n;

        RawFib(int n) {
            this.n = n;
        }

        @Override
        protected Long compute() {
            if (n < 2) {
                return (long) n;
            }
            RawFib left = new RawFib(n - 1);
            left.fork();
            return new RawFib(n - 2).compute() + left.join();
        }
    }

    @Benchmark
    public long fibTaskGraph() {
        return check(Fib.submit(engine, FIB_N).get());
    }

    @Benchmark
    public long fibForkJoinPool() {
        return check(forkJoin.invoke(new RawFib(FIB_N)));
    }

    @Benchmark
    public long fibFixedThreadPool() {
        return check(fibAsync(FIB_N).join());
    }

    private CompletableFuture<Long> fibAsync(int n) {
        if (n < 2) {
            return CompletableFuture.completedFuture((long) n);
        }
        return CompletableFuture.supplyAsync(() -> n, fixed)
                .thenCompose(k -> fibAsync(k - 1).thenCombineAsync(fibAsync(k - 2), Long::sum, fixed));
    }

    @Benchmark
    public int[] sortTwoWorkers() {
        return checkSorted(ParallelSort.submit(engine, unsorted, 131_072).get());
    }

    @Benchmark
    public int[] sortOneWorker() {
        return checkSorted(ParallelSort.submit(oneWorker, unsorted, 131_072).get());
    }

    @Benchmark
    public int[] sortJdkSequential() {
        int[] copy = unsorted.clone();
        Arrays.sort(copy);
        return checkSorted(copy);
    }

    @Benchmark
    public MatrixMultiply.Matrix matmulTwoWorkers() {
        return MatrixMultiply.submit(engine, a, b, 16).get();
    }

    @Benchmark
    public MatrixMultiply.Matrix matmulOneWorker() {
        return MatrixMultiply.submit(oneWorker, a, b, 16).get();
    }

    @Benchmark
    public MatrixMultiply.Matrix matmulSequential() {
        return MatrixMultiply.multiplySequential(a, b);
    }

    private static long check(long value) {
        if (value != FIB_VALUE) {
            throw new IllegalStateException("fib(" + FIB_N + ") = " + value);
        }
        return value;
    }

    private static int[] checkSorted(int[] values) {
        if (values.length != 2_000_000 || values[0] > values[values.length / 2]
                || values[values.length / 2] > values[values.length - 1]) {
            throw new IllegalStateException("not sorted");
        }
        return values;
    }
}
