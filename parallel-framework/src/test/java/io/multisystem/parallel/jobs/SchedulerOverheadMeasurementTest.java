package io.multisystem.parallel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import io.multisystem.parallel.task.TaskEngine;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveTask;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Not a benchmark (that is JMH's job) but a quick, repeatable measurement of per-task overhead printed for the
 * report: median of several rounds after warm-up, on 2 workers. Asserts only correctness, never timing.
 */
class SchedulerOverheadMeasurementTest {
    private static final int WORKERS = 2;
    private static final int NOOPS = 100_000;
    private static final int FIB_N = 25;
    private static final Duration WAIT = Duration.ofSeconds(60);

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

    @Test
    void measurePerTaskOverheadAgainstPlainForkJoinPool() {
        long fibCalls = 2 * Fib.sequential(FIB_N + 1) - 1;
        try (TaskEngine engine = TaskEngine.builder().parallelism(WORKERS).build()) {
            ForkJoinPool pool = new ForkJoinPool(WORKERS);
            try {
                Task<Integer> noop = Task.of1("noop", (Integer x) -> x);
                double engineOutside = medianNanos(() -> {
                    Ref<?>[] refs = new Ref<?>[NOOPS];
                    for (int i = 0; i < NOOPS; i++) {
                        refs[i] = engine.submit(noop, i);
                    }
                    for (Ref<?> ref : refs) {
                        ref.get(WAIT);
                    }
                    return NOOPS;
                }) / NOOPS;
                double poolOutside = medianNanos(() -> {
                    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[NOOPS];
                    for (int i = 0; i < NOOPS; i++) {
                        int x = i;
                        tasks[i] = pool.submit(() -> x);
                    }
                    for (ForkJoinTask<?> task : tasks) {
                        getWithin(task);
                    }
                    return NOOPS;
                }) / NOOPS;
                Task<Integer> fanOut = Task.of("fanOut", args -> {
                    Object[] refs = new Object[NOOPS];
                    for (int i = 0; i < NOOPS; i++) {
                        refs[i] = engine.submit(noop, i);
                    }
                    return engine.submit(Task.of("count", values -> values.length), refs);
                });
                double engineInside = medianNanos(() -> engine.submit(fanOut).get(WAIT)) / NOOPS;

                double engineFib = medianNanos(() -> {
                    assertThat(Fib.submit(engine, FIB_N).get(WAIT)).isEqualTo(75_025L);
                    return 0;
                }) / fibCalls;
                double rawFib = medianNanos(() -> {
                    assertThat(getWithin(pool.submit(new RawFib(FIB_N)))).isEqualTo(75_025L);
                    return 0;
                }) / fibCalls;

                System.out.printf("parallel-framework overhead on %d workers (median of 5 after 3 warm-ups):%n",
                        WORKERS);
                System.out.printf("  %,d no-op tasks submitted from outside: engine %.0f ns/task, "
                        + "ForkJoinPool.submit %.0f ns/task (%.2fx)%n", NOOPS, engineOutside, poolOutside,
                        engineOutside / poolOutside);
                System.out.printf("  %,d no-op tasks fanned out from inside a task: engine %.0f ns/task%n", NOOPS,
                        engineInside);
                System.out.printf("  fine-grained fib(%d), %,d calls: engine %.0f ns/call, raw RecursiveTask "
                        + "%.0f ns/call (%.2fx)%n", FIB_N, fibCalls, engineFib, rawFib, engineFib / rawFib);
                System.out.println("  engine stats: " + engine.stats());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static <T> T getWithin(java.util.concurrent.Future<T> future) {
        try {
            return future.get(WAIT.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            throw new AssertionError("no result within " + WAIT, e);
        }
    }

    private static double medianNanos(LongSupplier round) {
        for (int i = 0; i < 3; i++) {
            round.getAsLong();
        }
        long[] times = new long[5];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            round.getAsLong();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }
}
