package io.multisystem.parallel.jobs;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import io.multisystem.parallel.task.TaskEngine;

/**
 * Fine-grained recursive Fibonacci on the task graph: {@code fib(n)} submits {@code fib(n-1)}, {@code fib(n-2)} and an
 * {@code add} of their refs, and returns the add's ref, so no worker ever blocks. It exists to measure per-task
 * overhead (about 1.6 * fib(n) tasks); below {@code sequentialBelow} it computes sequentially.
 */
public final class Fib {
    /** Largest n whose result fits in a long. */
    public static final int MAX_N = 92;

    private Fib() {
    }

    /** Fully fine-grained: every call down to n < 2 is a task. */
    public static Ref<Long> submit(TaskEngine engine, int n) {
        return submit(engine, n, 2);
    }

    /**
     * @throws InvalidInputException with code {@code INVALID_FIB_N} unless 0 <= n <= 92
     */
    public static Ref<Long> submit(TaskEngine engine, int n, int sequentialBelow) {
        if (n < 0 || n > MAX_N) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_FIB_N",
                    "fib n must be between 0 and " + MAX_N + " (larger overflows a long), was " + n);
        }
        Task<Long> add = Task.of2("fib.add", (Long a, Long b) -> a + b);
        Task<Long>[] fib = holder();
        int cutoff = Math.max(2, sequentialBelow);
        fib[0] = Task.of("fib", args -> {
            int k = (Integer) args[0];
            return k < cutoff
                    ? (Object) sequential(k)
                    : engine.submit(add, engine.submit(fib[0], k - 1), engine.submit(fib[0], k - 2));
        });
        return engine.submit(fib[0], n);
    }

    /** Plain recursive Fibonacci, the reference the task version must match. */
    public static long sequential(int n) {
        return n < 2 ? n : sequential(n - 1) + sequential(n - 2);
    }

    @SuppressWarnings("unchecked")
    private static Task<Long>[] holder() {
        return new Task[1];
    }
}
