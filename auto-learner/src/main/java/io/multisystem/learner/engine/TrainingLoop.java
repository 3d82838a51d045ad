package io.multisystem.learner.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.multisystem.learner.data.LabeledData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The autograd training loop every strategy runs on: seeded shuffling, mini-batches, softmax cross-entropy, an extra-loss hook, gradient post-processing, Adam/SGD updates and divergence detection.
 *
 * <p>Design note: each step runs in its own {@link NDScope} so intermediates are freed; gradients are copied out and
 * zeroed after backward so hooks may run their own backward passes (A-GEM). PyTorch's DJL binding allows only one
 * gradient collector per process, so steps take a process-wide lock. Divergence: a NaN/infinite loss, or an epoch mean
 * above {@code divergenceFactor} times the first epoch's, stops training and restores the best epoch's checkpoint.
 */
public final class TrainingLoop {
    /** Serialises gradient recording: DJL's PyTorch engine allows one GradientCollector per process. */
    public static final ReentrantLock GRADIENT_LOCK = new ReentrantLock();

    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final double divergenceFactor;

    public TrainingLoop(int epochs, int batchSize, long seed) {
        this(epochs, batchSize, seed, 50.0);
    }

    public TrainingLoop(int epochs, int batchSize, long seed, double divergenceFactor) {
        io.multisystem.core.error.Validation.of(NetworkSpec.COMPONENT)
                .require(epochs > 0, "epochs", "must be at least 1")
                .require(batchSize > 0, "batchSize", "must be at least 1")
                .throwIfInvalid();
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
        this.divergenceFactor = divergenceFactor;
    }

    /** Trains head {@code head} of {@code net} on {@code data}. */
    public TrainingReport train(Network net, LabeledData data, int head, Adam optimizer, TrainingHooks hooks,
                                Consumer<Progress> progress) {
        if (data.dimension() != net.spec().inputSize()) {
            throw new io.multisystem.core.error.InvalidInputException(NetworkSpec.COMPONENT, "SHAPE_MISMATCH",
                    data.name() + " has " + data.dimension() + " features per example but the model takes "
                            + net.spec().inputSize());
        }
        if (data.classes() > net.spec().heads()[head]) {
            throw new io.multisystem.core.error.InvalidInputException(NetworkSpec.COMPONENT, "LABEL_MISMATCH",
                    data.name() + " has " + data.classes() + " classes but head " + head + " of the model has "
                            + net.spec().heads()[head] + " outputs");
        }
        Engine engine = net.manager().getEngine();
        Random random = new Random(seed);
        List<Double> epochLosses = new ArrayList<>();
        List<Double> stepLosses = new ArrayList<>();
        List<String> names = net.parameterNames();
        List<NDArray> params = net.parameters();
        Map<String, float[]> best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        long examples = 0;
        long start = System.nanoTime();
        int totalSteps = epochs * ((data.size() + batchSize - 1) / batchSize);
        int stepIndex = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = LabeledData.shuffledIndices(data.size(), random);
            double sum = 0;
            int steps = 0;
            for (int from = 0; from < order.length; from += batchSize) {
                int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                Batch batch = batchOf(data, idx, head);
                double value = step(engine, net, names, params, batch, optimizer, hooks, epoch);
                stepIndex++;
                if (!Double.isFinite(value)) {
                    return stopDiverged(net, best, epochLosses, stepLosses, examples, start, bestEpoch,
                            "loss became " + value + " at epoch " + (epoch + 1) + " step " + (steps + 1));
                }
                stepLosses.add(value);
                sum += value;
                steps++;
                examples += idx.length;
                if (progress != null) {
                    progress.accept(new Progress(epoch, stepIndex, totalSteps, value));
                }
            }
            double mean = sum / steps;
            epochLosses.add(mean);
            if (epochLosses.size() > 1 && mean > divergenceFactor * Math.max(epochLosses.get(0), 1e-3)) {
                return stopDiverged(net, best, epochLosses, stepLosses, examples, start, bestEpoch,
                        "epoch " + (epoch + 1) + " mean loss " + mean + " exceeds " + divergenceFactor
                                + "x the first epoch's " + epochLosses.get(0));
            }
            if (mean < bestLoss) {
                bestLoss = mean;
                bestEpoch = epoch;
                best = epochs > 1 ? net.snapshot() : null;
            }
        }
        return new TrainingReport(epochLosses, stepLosses, examples, System.nanoTime() - start, false, null, bestEpoch);
    }

    private TrainingReport stopDiverged(Network net, Map<String, float[]> best, List<Double> epochLosses,
                                        List<Double> stepLosses, long examples, long start, int bestEpoch,
                                        String why) {
        if (best != null) {
            net.restore(best);
        }
        String message = why + (best != null ? "; training stopped and the checkpoint of epoch " + (bestEpoch + 1)
                + " was kept" : "; training stopped before any complete epoch (no checkpoint to restore)");
        return new TrainingReport(epochLosses, stepLosses, examples, System.nanoTime() - start, true, message,
                bestEpoch);
    }

    private double step(Engine engine, Network net, List<String> names, List<NDArray> params, Batch batch,
                        Adam optimizer, TrainingHooks hooks, int epoch) {
        GRADIENT_LOCK.lock();
        try (NDScope scope = new NDScope()) {
            NDManager m = net.manager();
            NDArray x = inputs(m, batch.x());
            double value;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray features = net.features(x);
                NDArray out = net.head(features, batch.head());
                NDArray total = crossEntropy(out, batch.y());
                NDArray extra = hooks.extraLoss(net, batch, features, out);
                if (extra != null) {
                    total = total.add(extra);
                }
                value = total.getFloat();
                if (!Double.isFinite(value)) {
                    return value;
                }
                collector.backward(total);
            }
            List<NDArray> grads = new ArrayList<>(params.size());
            for (int i = 0; i < params.size(); i++) {
                NDArray g = params.get(i).getGradient();
                grads.add(hooks.trainable(names.get(i), epoch) ? g.duplicate() : null);
                g.subi(g);
            }
            grads = hooks.adjustGradients(net, batch, grads);
            optimizer.step(params, grads);
            return value;
        } finally {
            GRADIENT_LOCK.unlock();
        }
    }

    /** Mean softmax cross-entropy of logits (batch, classes) against integer labels. */
    public static NDArray crossEntropy(NDArray logits, int[] labels) {
        NDArray y = logits.getManager().create(labels).toType(ai.djl.ndarray.types.DataType.INT64, false);
        NDArray oneHot = y.oneHot((int) logits.getShape().get(1));
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
    }

    public static NDArray mse(NDArray predictions, NDArray targets) {
        return predictions.sub(targets).square().mean();
    }

    /** A (batch, dim) float array of the given rows. */
    public static NDArray inputs(NDManager m, float[][] rows) {
        int dim = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * dim, dim);
        }
        return m.create(flat, new Shape(rows.length, dim));
    }

    public static Batch batchOf(LabeledData data, int[] idx, int head) {
        float[][] x = new float[idx.length][];
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            x[i] = data.features()[idx[i]];
            y[i] = data.labels()[idx[i]];
        }
        return new Batch(x, y, head);
    }

    /** Progress of a run: epoch (0-based), step (1-based) of total, loss of that step. */
    public record Progress(int epoch, int step, int totalSteps, double loss) {
    }
}
