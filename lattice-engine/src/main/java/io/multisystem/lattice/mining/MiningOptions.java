package io.multisystem.lattice.mining;

import io.multisystem.core.error.Validation;
import io.multisystem.lattice.context.FormalContext;

/**
 * How a {@link ConceptMiner} runs.
 *
 * @param parallelism worker threads (1 = sequential in the calling thread); at least 1
 * @param minSupport  iceberg threshold: only concepts with at least this many objects are produced (0 = all concepts,
 *                    including a bottom concept with an empty extent)
 * @param maxConcepts budget for the materialising modes ({@link ConceptMiner#mine}, lattice construction): exceeding it
 *                    raises {@link io.multisystem.core.error.ResourceExhaustedException} instead of exhausting memory.
 *                    Count and stream modes ignore it. At least 1.
 */
public record MiningOptions(int parallelism, int minSupport, long maxConcepts) {
    /** Default budget: about a gigabyte of heap for a lattice over a few thousand objects. */
    public static final long DEFAULT_MAX_CONCEPTS = 2_000_000;

    /** @throws io.multisystem.core.error.InvalidInputException {@code VALIDATION_FAILED} naming every bad field */
    public MiningOptions {
        Validation.of(FormalContext.COMPONENT)
                .require(parallelism >= 1, "parallelism", "must be at least 1, was " + parallelism)
                .require(minSupport >= 0, "minSupport", "must be at least 0, was " + minSupport)
                .require(maxConcepts >= 1, "maxConcepts", "must be at least 1, was " + maxConcepts)
                .throwIfInvalid();
    }

    /** All concepts, all available processors, the default budget. */
    public static MiningOptions defaults() {
        return new MiningOptions(Runtime.getRuntime().availableProcessors(), 0, DEFAULT_MAX_CONCEPTS);
    }

    public MiningOptions withParallelism(int threads) {
        return new MiningOptions(threads, minSupport, maxConcepts);
    }

    public MiningOptions withMinSupport(int objects) {
        return new MiningOptions(parallelism, objects, maxConcepts);
    }

    public MiningOptions withMaxConcepts(long budget) {
        return new MiningOptions(parallelism, minSupport, budget);
    }
}
