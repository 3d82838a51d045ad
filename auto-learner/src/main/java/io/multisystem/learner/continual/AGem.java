package io.multisystem.learner.continual;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import io.multisystem.learner.data.Benchmarks.Task;
import io.multisystem.learner.engine.Batch;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.TrainingHooks;
import io.multisystem.learner.engine.TrainingLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Averaged Gradient Episodic Memory (Chaudhry et al. 2019, "Efficient Lifelong Learning with A-GEM").
 *
 * <p>Design note: an episodic memory keeps {@code perTask} examples of every finished task. At each step the
 * reference gradient {@code g_ref} of the loss on a random memory batch is computed; if the proposed gradient {@code g}
 * would increase that loss ({@code g . g_ref < 0}) it is projected to {@code g - (g . g_ref / g_ref . g_ref) g_ref},
 * the closest gradient that does not. Dot products run over all parameters jointly.
 */
final class AGem implements ContinualStrategy {
    private final int perTask;
    private final int referenceBatch;
    private final Random random;
    private final ReservoirBuffer memory;

    AGem(int perTask, int referenceBatch, long seed) {
        this.perTask = perTask;
        this.referenceBatch = referenceBatch;
        this.random = new Random(seed);
        this.memory = new ReservoirBuffer(Integer.MAX_VALUE, seed);
    }

    @Override
    public String name() {
        return "agem";
    }

    @Override
    public TrainingHooks hooksFor(Network net, Task task, int index) {
        if (memory.size() == 0) {
            return TrainingHooks.NONE;
        }
        return new TrainingHooks() {
            @Override
            public List<NDArray> adjustGradients(Network n, Batch batch, List<NDArray> grads) {
                Batch ref = memory.sample(referenceBatch, random);
                List<NDArray> params = n.parameters();
                List<NDArray> reference = new ArrayList<>();
                try (GradientCollector collector = n.manager().getEngine().newGradientCollector()) {
                    NDArray x = TrainingLoop.inputs(n.manager(), ref.x());
                    collector.backward(TrainingLoop.crossEntropy(n.forward(x, ref.head()), ref.y()));
                }
                for (NDArray p : params) {
                    NDArray g = p.getGradient();
                    reference.add(g.duplicate());
                    g.subi(g);
                }
                double dot = 0;
                double refNorm = 0;
                for (int i = 0; i < grads.size(); i++) {
                    if (grads.get(i) != null) {
                        dot += grads.get(i).mul(reference.get(i)).sum().getFloat();
                        refNorm += reference.get(i).square().sum().getFloat();
                    }
                }
                if (dot >= 0 || refNorm == 0) {
                    return grads;
                }
                float scale = (float) (dot / refNorm);
                List<NDArray> projected = new ArrayList<>();
                for (int i = 0; i < grads.size(); i++) {
                    projected.add(grads.get(i) == null ? null : grads.get(i).sub(reference.get(i).mul(scale)));
                }
                return projected;
            }
        };
    }

    @Override
    public void afterTask(Network net, Task task, int index) {
        int[] order = io.multisystem.learner.data.LabeledData.shuffledIndices(task.train().size(), random);
        for (int i = 0; i < Math.min(perTask, order.length); i++) {
            memory.offer(task.train().features()[order[i]], task.train().labels()[order[i]], task.head());
        }
    }
}
