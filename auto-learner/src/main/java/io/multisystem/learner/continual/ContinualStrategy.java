package io.multisystem.learner.continual;

import io.multisystem.learner.data.Benchmarks.Task;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.TrainingHooks;

/**
 * A continual-learning strategy: how training on task {@code t} is modified to protect earlier tasks, and what is
 * remembered once a task is learnt. Instances hold state across one stream; use a fresh instance per stream.
 */
public interface ContinualStrategy extends AutoCloseable {
    /** Stable name used by the API and CLI (naive, ewc, lwf, replay, agem). */
    String name();

    /** Hooks for the training loop while learning {@code task} (the {@code index}-th of the stream). */
    TrainingHooks hooksFor(Network net, Task task, int index);

    /** Called after {@code task} was learnt. */
    void afterTask(Network net, Task task, int index);

    @Override
    default void close() {
    }
}
