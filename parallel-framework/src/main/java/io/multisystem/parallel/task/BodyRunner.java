package io.multisystem.parallel.task;

import java.util.concurrent.CompletableFuture;

/**
 * Where an engine runs task bodies instead of on its own workers. The engine still owns the graph (dependencies,
 * priorities, retries, timeouts, checkpoints); a runner only executes one ready body somewhere else, such as on a node
 * of an Ignite cluster ({@code io.multisystem.parallel.cluster}).
 */
public interface BodyRunner {

    /**
     * Starts {@code body} on {@code args} (inputs already resolved). The returned future completes with the body's
     * plain result (a {@link Ref} result must already be resolved by the runner) or with its failure; the engine
     * cancels it when the task is cancelled or times out.
     *
     * @throws io.multisystem.core.error.InvalidInputException when the body cannot be started at all (e.g. code
     *     {@code NOT_SERIALIZABLE}); the task fails with that code and is not retried
     */
    CompletableFuture<Object> start(String label, TaskFunction<?> body, Object[] args);
}
