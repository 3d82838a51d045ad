package io.multisystem.learner.continual;

import io.multisystem.learner.data.Benchmarks.Task;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.TrainingHooks;

/** Naive fine-tuning: trains on each task in turn with no protection (the catastrophic-forgetting baseline). */
final class Naive implements ContinualStrategy {
    @Override
    public String name() {
        return "naive";
    }

    @Override
    public TrainingHooks hooksFor(Network net, Task task, int index) {
        return TrainingHooks.NONE;
    }

    @Override
    public void afterTask(Network net, Task task, int index) {
    }
}
