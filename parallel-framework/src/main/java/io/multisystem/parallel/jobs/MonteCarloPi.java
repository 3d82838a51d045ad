package io.multisystem.parallel.jobs;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import io.multisystem.parallel.task.RetryPolicy;
import io.multisystem.parallel.task.TaskEngine;
import io.multisystem.parallel.task.TaskRandom;
import java.util.SplittableRandom;

/**
 * Monte Carlo estimate of pi: {@code partitions} tasks each throw their share of {@code samples} darts with their own
 * {@code SplittableRandom(seed + partition)}, and one task sums the hits. The result depends only on the arguments,
 * never on scheduling, so it is reproducible.
 */
public final class MonteCarloPi {
    private MonteCarloPi() {
    }

    /**
     * @throws InvalidInputException with code {@code INVALID_PI_PARAMETERS} unless samples >= 1 and
     *     1 <= partitions <= samples
     */
    public static Ref<Double> submit(TaskEngine engine, long samples, int partitions, long seed) {
        return submit(engine, samples, partitions, seed, 0.0);
    }

    /** A fault a partition task raises on purpose (see {@code faultRate}); the engine retries it. */
    public static final class SimulatedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SimulatedFault(String message) {
            super(message);
        }
    }

    /** Attempts per partition task when faults are simulated. */
    public static final int ATTEMPTS = 3;

    /**
     * As above, and each attempt of a partition task fails with {@link SimulatedFault} with probability
     * {@code faultRate}, drawn from {@link TaskRandom} (so a recorded run replays it). Faults are retried, at most
     * {@value #ATTEMPTS} attempts per partition; a partition whose attempts all fail fails the job with its path. The
     * estimate does not depend on the faults.
     *
     * @throws InvalidInputException with code {@code INVALID_PI_PARAMETERS} as above, or unless 0 <= faultRate <= 1
     */
    public static Ref<Double> submit(TaskEngine engine, long samples, int partitions, long seed, double faultRate) {
        if (!(faultRate >= 0.0 && faultRate <= 1.0)) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_PI_PARAMETERS",
                    "fault rate must be between 0 and 1, was " + faultRate);
        }
        if (samples < 1 || partitions < 1 || partitions > samples) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_PI_PARAMETERS",
                    "need samples >= 1 and 1 <= partitions <= samples, was samples=" + samples + " partitions="
                            + partitions);
        }
        Task<Long> throwDarts = Task.of2("pi.darts", (Long count, Long partitionSeed) -> {
            if (faultRate > 0 && TaskRandom.current().nextDouble() < faultRate) {
                throw new SimulatedFault("simulated fault in the partition seeded " + partitionSeed);
            }
            SplittableRandom random = new SplittableRandom(partitionSeed);
            long hits = 0;
            for (long i = 0; i < count; i++) {
                double x = random.nextDouble();
                double y = random.nextDouble();
                if (x * x + y * y <= 1.0) {
                    hits++;
                }
            }
            return hits;
        }).withRetry(RetryPolicy.exponential(ATTEMPTS, java.time.Duration.ofMillis(1), SimulatedFault.class));
        Task<Double> estimate = Task.of("pi.estimate", hitsPerPartition -> {
            long hits = 0;
            for (Object h : hitsPerPartition) {
                hits += (Long) h;
            }
            return 4.0 * hits / samples;
        });
        Object[] parts = new Object[partitions];
        for (int p = 0; p < partitions; p++) {
            long share = samples / partitions + (p < samples % partitions ? 1 : 0);
            parts[p] = engine.submit(throwDarts, share, seed + p);
        }
        return engine.submit(estimate, parts);
    }
}
