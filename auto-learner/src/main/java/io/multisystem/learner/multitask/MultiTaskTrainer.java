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
 * {@link Balancing#GRADNORM} is GradNorm (Chen et al. 2018): the total loss is {@code sum_i w_i L_i}; at each step the
 * gradient norm of every weighted task loss on the last shared layer, {@code G_i = w_i |grad_W L_i|}, is pulled
 * towards the common target {@code mean(G) * r_i^alpha}, where {@code r_i} is task i's loss ratio
 * {@code L_i(t) / L_i(0)} relative to the mean ratio (the target is held constant, as in the paper). The gradient of
 * {@code sum_i |G_i - target_i|} with respect to {@code w_i} is {@code sign(G_i - target_i) |grad_W L_i|}, so no
 * second-order autograd is needed; after each weight step the weights are renormalised to sum to the number of tasks.
 * Tasks that train more slowly (a higher loss ratio) therefore end up with larger weights. GradNorm needs one backward
 * pass per task (the per-task gradients on W), so a step costs T passes instead of one.
 */
public final class MultiTaskTrainer {
    public enum Balancing { EQUAL, UNCERTAINTY, GRADNORM }

    /** GradNorm's asymmetry alpha (the paper's default range is 0.5-3; 1.5 for its NYUv2 experiments). */
    static final float GRADNORM_ALPHA = 1.5f;
    /** Learning rate of the GradNorm task weights (plain gradient steps). */
    static final float GRADNORM_LR = 0.025f;

    /**
     * Result: per-task test accuracy and the final task weights; for GradNorm also each task's training-loss ratio
     * {@code L_i(t) / L_i(0)} over the last epoch's batches (otherwise empty).
     */
    public record Result(List<String> tasks, double[] accuracy, double[] weights, List<Double> losses,
                         double[] lossRatios) {
        public Result(List<String> tasks, double[] accuracy, double[] weights, List<Double> losses) {
            this(tasks, accuracy, weights, losses, new double[0]);
        }
    }

    /** GradNorm state: task weights, initial losses and the last epoch's loss ratios. */
    private static final class GradNormState {
        final double[] weights;
        final double[] initialLoss;
        final double[] ratioSum;
        int ratioCount;
        boolean started;

        GradNormState(int tasks) {
            weights = new double[tasks];
            Arrays.fill(weights, 1.0);
            initialLoss = new double[tasks];
            ratioSum = new double[tasks];
        }
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
            GradNormState gradNorm = balancing == Balancing.GRADNORM ? new GradNormState(heads.length) : null;
            for (int epoch = 0; epoch < epochs; epoch++) {
                int[] order = LabeledData.shuffledIndices(first.size(), random);
                double sum = 0;
                int steps = 0;
                if (gradNorm != null) {
                    Arrays.fill(gradNorm.ratioSum, 0);
                    gradNorm.ratioCount = 0;
                }
                for (int from = 0; from < order.length; from += batchSize) {
                    int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                    sum += gradNorm != null ? gradNormStep(net, train, idx, params, adam, gradNorm)
                            : step(net, train, idx, logVar, params, adam, balancing);
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
            double[] ratios = new double[gradNorm == null ? 0 : heads.length];
            for (int i = 0; i < heads.length; i++) {
                weights[i] = switch (balancing) {
                    case UNCERTAINTY -> Math.exp(-s[i]);
                    case GRADNORM -> gradNorm.weights[i];
                    case EQUAL -> 1.0;
                };
                if (gradNorm != null) {
                    ratios[i] = gradNorm.ratioSum[i] / Math.max(1, gradNorm.ratioCount);
                }
            }
            return new Result(train.stream().map(LabeledData::name).toList(), accuracy, weights, losses, ratios);
        }
    }

    /**
     * One GradNorm step: a forward/backward pass per task, network update with {@code sum_i w_i grad L_i}, then the
     * weight update from the per-task gradient norms on the last shared layer. Returns the weighted total loss.
     */
    private double gradNormStep(Network net, List<LabeledData> tasks, int[] idx, List<NDArray> params, Adam adam,
                                GradNormState state) {
        int t = tasks.size();
        List<String> names = net.parameterNames();
        int shared = -1;
        for (int p = 0; p < names.size(); p++) {
            if (Network.isTrunk(names.get(p)) && params.get(p).getShape().dimension() >= 2) {
                shared = p; // the last shared weight matrix (W in the paper)
            }
        }
        double[] loss = new double[t];
        double[] norm = new double[t];
        double total = 0;
        TrainingLoop.GRADIENT_LOCK.lock();
        try (NDScope scope = new NDScope()) {
            List<NDArray> grads = new ArrayList<>();
            for (int i = 0; i < t; i++) {
                try (GradientCollector collector = net.manager().getEngine().newGradientCollector()) {
                    NDArray features = net.features(TrainingLoop.inputs(net.manager(),
                            TrainingLoop.batchOf(tasks.get(0), idx, 0).x()));
                    NDArray li = TrainingLoop.crossEntropy(net.head(features, i),
                            TrainingLoop.batchOf(tasks.get(i), idx, i).y());
                    loss[i] = li.getFloat();
                    collector.backward(li);
                }
                float w = (float) state.weights[i];
                for (int p = 0; p < params.size(); p++) {
                    NDArray g = params.get(p).getGradient();
                    if (p == shared) {
                        norm[i] = g.norm().getFloat();
                    }
                    NDArray weighted = g.mul(w);
                    if (i == 0) {
                        grads.add(weighted);
                    } else {
                        grads.get(p).addi(weighted);
                    }
                    g.subi(g);
                }
                total += w * loss[i];
            }
            adam.step(params, grads);
        } finally {
            TrainingLoop.GRADIENT_LOCK.unlock();
        }
        if (!state.started) {
            System.arraycopy(loss, 0, state.initialLoss, 0, t);
            state.started = true;
        }
        double[] ratio = new double[t];
        double meanRatio = 0;
        double meanNorm = 0;
        for (int i = 0; i < t; i++) {
            ratio[i] = loss[i] / Math.max(1e-12, state.initialLoss[i]);
            meanRatio += ratio[i] / t;
            meanNorm += state.weights[i] * norm[i] / t;
            state.ratioSum[i] += ratio[i];
        }
        state.ratioCount++;
        double sum = 0;
        for (int i = 0; i < t; i++) {
            double target = meanNorm * Math.pow(ratio[i] / Math.max(1e-12, meanRatio), GRADNORM_ALPHA);
            double g = state.weights[i] * norm[i];
            state.weights[i] = Math.max(1e-3, state.weights[i] - GRADNORM_LR * Math.signum(g - target) * norm[i]);
            sum += state.weights[i];
        }
        for (int i = 0; i < t; i++) {
            state.weights[i] *= t / sum;
        }
        return total;
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
