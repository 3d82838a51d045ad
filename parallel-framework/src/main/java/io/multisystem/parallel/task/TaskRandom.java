package io.multisystem.parallel.task;

import java.util.SplittableRandom;

/**
 * Randomness for task bodies that replays: {@link #current()} inside a body returns a generator seeded from the
 * engine's seed, the task's sequence number and the attempt number. A recorded run logs the engine's seed, so a
 * replay draws exactly the same numbers in every attempt (and a retry draws different ones than the attempt before
 * it). Use it instead of {@code ThreadLocalRandom} wherever a body's randomness matters to its result or its failures.
 */
public final class TaskRandom {
    private TaskRandom() {
    }

    /**
     * A generator for the task attempt running on this thread. Outside a task body of a local engine (on another
     * thread, or inside a cluster task on a remote node) it returns an unseeded generator, which does not replay.
     */
    public static SplittableRandom current() {
        if (Thread.currentThread() instanceof ForkJoinTaskEngine.Worker worker && worker.current != null) {
            TaskNode<?> node = worker.current;
            return new SplittableRandom(mix(worker.engine.seed(), node.sequence, node.attempts));
        }
        return new SplittableRandom();
    }

    /** SplitMix64-style mixing of the three inputs into one seed. */
    static long mix(long seed, long sequence, int attempt) {
        long z = seed + 0x9E3779B97F4A7C15L * (sequence + 1) + 0xBF58476D1CE4E5B9L * attempt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
