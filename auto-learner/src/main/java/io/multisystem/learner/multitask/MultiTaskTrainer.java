package io.multisystem.learner.multitask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.learner.data.LabeledData;
import io.multisystem.learner.engine.Adam;
import io.multisystem.learner.engine.Evaluator;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.NetworkSpec;
import io.multisystem.learner.engine.TrainingLoop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Multi-task learning with a shared trunk and one head per task, with loss balancing.
 *
 * <p>Design note: every task labels the same inputs (task i's labels are {@code tasks.get(i)}); each step computes all
 * task losses on one batch and combines them. {@link Balancing#EQUAL} sums them; {@link Balancing#UNCERTAINTY} is
 * homoscedastic uncertainty weighting (Kendall, Gal and Cipolla 2018): {@code sum_i exp(-s_i) L_i + s_i} with learnt
 * log-variances {@code s_i}, so noisier or harder tasks get a lower weight {@code exp(-s_i)} automatically.
 */
public final class MultiTaskTrainer {
    public enum Balancing { EQUAL, UNCERTAINTY }

    /** Result: per-task test accuracy and the final task weights. */
    public record Result(List<String> tasks, double[] accuracy, double[] weights, List<Double> losses) {
    }

    private final int epochs;
    private final int batchSize;
    private final float lr;
    private final long seed;

    public MultiTaskTrainer(int epochs, int batchSize, float lr, long seed) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.lr = lr;
        this.seed = seed;
    }

    /**
     * Trains one network on all tasks; {@code train.get(i)} and {@code test.get(i)} are task i's labelled views of the
     * same inputs.
     */
    public Result train(NDManager manager, List<LabeledData> train, List<LabeledData> test, int[] hidden,
                        Balancing balancing) {
        LabeledData first = train.get(0);
        for (LabeledData t : train) {
            if (t.size() != first.size() || t.dimension() != first.dimension()) {
                throw new InvalidInputException("auto-learner.multitask", "SHAPE_MISMATCH",
                        "task " + t.name() + " must label the same " + first.size() + " inputs as " + first.name());
            }
        }
        int[] heads = train.stream().mapToInt(LabeledData::classes).toArray();
        NetworkSpec spec = new NetworkSpec(NetworkSpec.Kind.MLP, first.channels(), first.height(), first.width(),
                hidden, heads);
        try (Network net = Network.create(manager, spec, seed)) {
            NDArray logVar = net.manager().zeros(new ai.djl.ndarray.types.Shape(heads.length));
            logVar.setRequiresGradient(true);
            List<NDArray> params = new ArrayList<>(net.parameters());
            if (balancing == Balancing.UNCERTAINTY) {
                params.add(logVar);
            }
            Adam adam = Adam.adam(lr);
            Random random = new Random(seed);
            List<Double> losses = new ArrayList<>();
            for (int epoch = 0; epoch < epochs; epoch++) {
                int[] order = LabeledData.shuffledIndices(first.size(), random);
                double sum = 0;
                int steps = 0;
                for (int from = 0; from < order.length; from += batchSize) {
                    int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                    sum += step(net, train, idx, logVar, params, adam, balancing);
                    steps++;
                }
                losses.add(sum / steps);
            }
            double[] accuracy = new double[heads.length];
            for (int i = 0; i < heads.length; i++) {
                accuracy[i] = Evaluator.accuracy(net, test.get(i), i);
            }
            float[] s = logVar.toFloatArray();
            double[] weights = new double[heads.length];
            for (int i = 0; i < heads.length; i++) {
                weights[i] = balancing == Balancing.UNCERTAINTY ? Math.exp(-s[i]) : 1.0;
            }
            return new Result(train.stream().map(LabeledData::name).toList(), accuracy, weights, losses);
        }
    }

    private double step(Network net, List<LabeledData> tasks, int[] idx, NDArray logVar, List<NDArray> params,
                        Adam adam, Balancing balancing) {
        TrainingLoop.GRADIENT_LOCK.lock();
        try (NDScope scope = new NDScope()) {
            double value;
            try (GradientCollector collector = net.manager().getEngine().newGradientCollector()) {
                NDArray features = net.features(TrainingLoop.inputs(net.manager(),
                        TrainingLoop.batchOf(tasks.get(0), idx, 0).x()));
                NDArray total = null;
                for (int i = 0; i < tasks.size(); i++) {
                    NDArray loss = TrainingLoop.crossEntropy(net.head(features, i),
                            TrainingLoop.batchOf(tasks.get(i), idx, i).y());
                    if (balancing == Balancing.UNCERTAINTY) {
                        NDArray s = logVar.get(i);
                        loss = loss.mul(s.neg().exp()).add(s);
                    }
                    total = total == null ? loss : total.add(loss);
                }
                value = total.getFloat();
                collector.backward(total);
            }
            List<NDArray> grads = new ArrayList<>();
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                grads.add(g.duplicate());
                g.subi(g);
            }
            adam.step(params, grads);
            return value;
        } finally {
            TrainingLoop.GRADIENT_LOCK.unlock();
        }
    }
}
