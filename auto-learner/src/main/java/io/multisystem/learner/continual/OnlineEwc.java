package io.multisystem.learner.continual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
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
 * Online Elastic Weight Consolidation (Kirkpatrick et al. 2017; online variant of Schwarz et al. 2018, "Progress &amp;
 * Compress").
 *
 * <p>Design note: after each task the diagonal empirical Fisher information {@code F_t = E[(d log p(y|x) / d theta)^2]}
 * is estimated as in Avalanche, from squared mini-batch gradients (batches of 32) over {@code fisherSamples}
 * training examples; the running importance is
 * {@code F = gamma * F + F_t} and the anchor {@code theta*} is the current weights. While learning later tasks the loss
 * gets {@code lambda / 2 * sum F (theta - theta*)^2}. Only trunk and already-used head parameters are anchored (a new
 * head has Fisher zero anyway). Fisher and anchors are NDArrays in the network's manager.
 */
final class OnlineEwc implements ContinualStrategy {
    private static final int FISHER_BATCH = 32;
    private final float lambda;
    private final float gamma;
    private final int fisherSamples;
    private final long seed;
    private List<NDArray> fisher;
    private List<NDArray> anchor;

    OnlineEwc(float lambda, float gamma, int fisherSamples, long seed) {
        this.lambda = lambda;
        this.gamma = gamma;
        this.fisherSamples = fisherSamples;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "ewc";
    }

    @Override
    public TrainingHooks hooksFor(Network net, Task task, int index) {
        if (fisher == null) {
            return TrainingHooks.NONE;
        }
        List<NDArray> params = net.parameters();
        return new TrainingHooks() {
            @Override
            public NDArray extraLoss(Network n, Batch batch, NDArray features, NDArray outputs) {
                NDArray penalty = null;
                for (int i = 0; i < params.size(); i++) {
                    NDArray term = params.get(i).sub(anchor.get(i)).square().mul(fisher.get(i)).sum();
                    penalty = penalty == null ? term : penalty.add(term);
                }
                return penalty.mul(lambda / 2f);
            }
        };
    }

    @Override
    public void afterTask(Network net, Task task, int index) {
        List<NDArray> params = net.parameters();
        List<NDArray> estimate = new ArrayList<>();
        for (NDArray p : params) {
            NDArray z = p.zerosLike();
            NDScope.unregister(z);
            estimate.add(z);
        }
        Random random = new Random(seed + index);
        int n = Math.min(fisherSamples, task.train().size());
        int[] order = io.multisystem.learner.data.LabeledData.shuffledIndices(task.train().size(), random);
        int batches = (n + FISHER_BATCH - 1) / FISHER_BATCH;
        for (int b = 0; b < batches; b++) {
            Batch one = TrainingLoop.batchOf(task.train(), java.util.Arrays.copyOfRange(order, b * FISHER_BATCH,
                    Math.min(n, (b + 1) * FISHER_BATCH)), task.head());
            TrainingLoop.GRADIENT_LOCK.lock();
            try (NDScope scope = new NDScope();
                 GradientCollector collector = net.manager().getEngine().newGradientCollector()) {
                NDArray x = TrainingLoop.inputs(net.manager(), one.x());
                collector.backward(TrainingLoop.crossEntropy(net.forward(x, one.head()), one.y()));
                for (int i = 0; i < params.size(); i++) {
                    NDArray g = params.get(i).getGradient();
                    estimate.get(i).addi(g.square().div(batches));
                    g.subi(g);
                }
            } finally {
                TrainingLoop.GRADIENT_LOCK.unlock();
            }
        }
        if (fisher == null) {
            fisher = estimate;
            anchor = new ArrayList<>();
        } else {
            for (int i = 0; i < params.size(); i++) {
                fisher.get(i).muli(gamma).addi(estimate.get(i));
                estimate.get(i).close();
                anchor.get(i).close();
            }
            anchor.clear();
        }
        for (NDArray p : params) {
            NDArray copy = p.duplicate();
            copy.setRequiresGradient(false);
            NDScope.unregister(copy);
            anchor.add(copy);
        }
    }
}
