package io.multisystem.parallel.jobs;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import io.multisystem.parallel.task.TaskEngine;
import io.multisystem.parallel.task.TaskFunction;

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
        return engine.submit(new Body(engine, add, Math.max(2, sequentialBelow)).self, n);
    }

    /**
     * The recursive body. A class rather than a lambda: the body refers to its own task, and Java serialisation cannot
     * restore a cycle that runs through a lambda (a serialised lambda is resolved only after its captures are read),
     * which cluster mode needs to ship the body to a node.
     */
    private static final class Body implements TaskFunction<Long> {
        private static final long serialVersionUID = 1L;
        private final TaskEngine engine;
        private final Task<Long> add;
        private final int cutoff;
        private final Task<Long> self;

        Body(TaskEngine engine, Task<Long> add, int cutoff) {
            this.engine = engine;
            this.add = add;
            this.cutoff = cutoff;
            this.self = Task.of("fib", this);
        }

        @Override
        public Object apply(Object[] args) {
            int k = (Integer) args[0];
            return k < cutoff
                    ? (Object) sequential(k)
                    : engine.submit(add, engine.submit(self, k - 1), engine.submit(self, k - 2));
        }
    }

    /** Plain recursive Fibonacci, the reference the task version must match. */
    public static long sequential(int n) {
        return n < 2 ? n : sequential(n - 1) + sequential(n - 2);
    }

}
