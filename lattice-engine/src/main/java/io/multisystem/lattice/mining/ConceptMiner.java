package io.multisystem.lattice.mining;

import io.multisystem.lattice.context.FormalContext;

import java.util.List;
import java.util.function.Consumer;

/**
 * Enumerates the formal concepts of a context (all of them, or the iceberg of those with enough support).
 *
 * <p>Three modes trade memory for convenience: {@link #count} keeps nothing, {@link #stream} hands each concept to a
 * consumer and keeps nothing, {@link #mine} materialises a list and is bounded by
 * {@link MiningOptions#maxConcepts()}. Implementations are thread-safe: one miner may serve concurrent calls.
 */
public interface ConceptMiner {
    /** A parallel In-Close/FCbO miner with these options. */
    static ConceptMiner create(MiningOptions options) {
        return new InCloseMiner(options);
    }

    /** A parallel miner with {@link MiningOptions#defaults()}. */
    static ConceptMiner create() {
        return create(MiningOptions.defaults());
    }

    /** The options this miner runs with. */
    MiningOptions options();

    /** Number of concepts (with support ≥ the minimum), without keeping any. Memory O(|G|·|M|) besides the context. */
    long count(FormalContext context);

    /**
     * Hands every concept to {@code sink}, in no particular order. Calls are never concurrent (they are serialised even
     * when mining in parallel), so the sink need not be thread-safe. An exception thrown by the sink stops the run and
     * propagates.
     */
    void stream(FormalContext context, Consumer<Concept> sink);

    /**
     * All concepts, ordered by decreasing support, then by intent (size, then lexicographically): the top concept
     * comes first.
     *
     * @throws io.multisystem.core.error.ResourceExhaustedException {@code CONCEPT_BUDGET_EXCEEDED} as soon as the
     *                                                              count passes {@link MiningOptions#maxConcepts()}
     */
    List<Concept> mine(FormalContext context);
}
