package io.multisystem.learner.continual;

import ai.djl.ndarray.NDArray;
import io.multisystem.learner.data.Benchmarks.Task;
import io.multisystem.learner.engine.Batch;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.TrainingHooks;
import io.multisystem.learner.engine.TrainingLoop;

import java.util.Random;

/**
 * Experience replay with a reservoir buffer (Chaudhry et al. 2019, "On Tiny Episodic Memories").
 *
 * <p>Design note: every training example of a finished task is offered to a {@link ReservoirBuffer} of fixed
 * capacity, so the buffer stays a uniform sample of the whole stream. While learning a new task each step adds the
 * cross-entropy of a replayed mini-batch (same size as the current one) to the loss, so old and new data are optimised
 * jointly.
 */
final class ExperienceReplay implements ContinualStrategy {
    private final ReservoirBuffer buffer;
    private final Random random;

    ExperienceReplay(int capacity, long seed) {
        this.buffer = new ReservoirBuffer(capacity, seed);
        this.random = new Random(seed ^ 0x5eed);
    }

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public TrainingHooks hooksFor(Network net, Task task, int index) {
        if (buffer.size() == 0) {
            return TrainingHooks.NONE;
        }
        return new TrainingHooks() {
            @Override
            public NDArray extraLoss(Network n, Batch batch, NDArray features, NDArray outputs) {
                Batch old = buffer.sample(batch.size(), random);
                NDArray x = TrainingLoop.inputs(features.getManager(), old.x());
                return TrainingLoop.crossEntropy(n.forward(x, old.head()), old.y());
            }
        };
    }

    @Override
    public void afterTask(Network net, Task task, int index) {
        for (int i = 0; i < task.train().size(); i++) {
            buffer.offer(task.train().features()[i], task.train().labels()[i], task.head());
        }
    }

    int bufferSize() {
        return buffer.size();
    }
}
