package io.multisystem.learner.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.multisystem.core.error.Validation;
import io.multisystem.learner.engine.Adam;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.NetworkSpec;
import io.multisystem.learner.engine.TorchRuntime;
import io.multisystem.learner.engine.TrainingLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * First-order MAML and Reptile on sinusoid regression, with the MAML paper's network (1-40-40-1, ReLU).
 *
 * <p>Design note: a meta-batch of B tasks is adapted at once. The initialisation theta (the weights of a
 * {@link Network} made from {@link #spec()}) is copied into "fast" weights with a leading task dimension
 * ({@code W: [B, in, out]}, {@code b: [B, 1, out]}), and the forward pass is a batched matrix product over
 * {@code x: [B, K, 1]}. The summed per-task losses decouple, so one backward pass gives every task its own gradient;
 * each inner step is plain SGD (rate {@code innerRate}) with the gradient of each task clipped to L2 norm 10
 * (amplitude-5 sinusoids give large gradients early on). FOMAML then takes the gradient of the loss on K fresh query
 * points at the adapted weights, averaged over the tasks, as the meta-gradient (second-order terms dropped) and
 * updates theta with Adam; Reptile moves theta towards the mean adapted weights: {@code theta -= eps (theta - mean
 * phi)}. Evaluation adapts a batch of unseen tasks with {@code evalSteps} SGD steps on K points and measures MSE on 100
 * query points; the baseline is the same procedure from a network that was never meta-trained (same seed). Batching
 * makes one meta-iteration a handful of tensor operations, so the paper's tens of thousands of iterations fit in
 * minutes on a CPU.
 */
public final class SinusoidMetaLearner {
    private static final float MAX_GRADIENT_NORM = 10f;
    private static final int QUERY_POINTS = 100;
    private final MetaAlgorithm algorithm;
    private final int shots;
    private final int innerSteps;
    private final float innerRate;
    private final float metaRate;
    private final int metaBatch;
    private final long seed;
    private final SinusoidTasks tasks = SinusoidTasks.mamlPaper();

    public SinusoidMetaLearner(MetaAlgorithm algorithm, int shots, int innerSteps, float innerRate, float metaRate,
                               int metaBatch, long seed) {
        Validation.of("auto-learner.meta")
                .require(algorithm == MetaAlgorithm.FOMAML || algorithm == MetaAlgorithm.REPTILE, "algorithm",
                        "sinusoid regression takes fomaml or reptile")
                .require(shots > 0, "shots", "must be at least 1")
                .require(innerSteps > 0, "innerSteps", "must be at least 1")
                .require(metaBatch > 0, "metaBatch", "must be at least 1")
                .throwIfInvalid();
        this.algorithm = algorithm;
        this.shots = shots;
        this.innerSteps = innerSteps;
        this.innerRate = innerRate;
        this.metaRate = metaRate;
        this.metaBatch = metaBatch;
        this.seed = seed;
    }

    public static NetworkSpec spec() {
        return NetworkSpec.mlp(1, new int[] {40, 40}, 1);
    }

    /**
     * Meta-trains {@code net} (built from {@link #spec()}) for {@code iterations} meta-batches; returns the mean
     * training loss (query loss for FOMAML, support loss after adaptation for Reptile) per 50 iterations.
     */
    public List<Double> metaTrain(Network net, int iterations, Consumer<Integer> progress) {
        Random random = new Random(seed);
        List<NDArray> theta = net.parameters();
        Adam meta = algorithm == MetaAlgorithm.FOMAML ? Adam.adam(metaRate) : Adam.sgd(metaRate);
        List<Double> curve = new ArrayList<>();
        double window = 0;
        for (int it = 0; it < iterations; it++) {
            SinusoidTasks.Task[] batch = new SinusoidTasks.Task[metaBatch];
            for (int b = 0; b < metaBatch; b++) {
                batch[b] = tasks.next(random);
            }
            float[][] support = sample(batch, shots, random);
            float[][] query = algorithm == MetaAlgorithm.FOMAML ? sample(batch, shots, random) : null;
            TrainingLoop.GRADIENT_LOCK.lock();
            try (NDScope scope = new NDScope()) {
                NDManager m = net.manager();
                List<NDArray> fast = tile(theta, metaBatch);
                NDArray xs = m.create(support[0], new Shape(metaBatch, shots, 1));
                NDArray ys = m.create(support[1], new Shape(metaBatch, shots, 1));
                for (int s = 0; s < innerSteps; s++) {
                    fast = sgdStep(fast, xs, ys, innerRate);
                }
                List<NDArray> metaGrad = new ArrayList<>(theta.size());
                if (algorithm == MetaAlgorithm.FOMAML) {
                    NDArray xq = m.create(query[0], new Shape(metaBatch, shots, 1));
                    NDArray yq = m.create(query[1], new Shape(metaBatch, shots, 1));
                    Gradient g = gradient(fast, xq, yq);
                    window += g.meanLoss();
                    for (int i = 0; i < theta.size(); i++) {
                        metaGrad.add(g.grads().get(i).mean(new int[] {0}).reshape(theta.get(i).getShape()));
                    }
                } else {
                    window += meanLoss(fast, xs, ys);
                    for (int i = 0; i < theta.size(); i++) {
                        NDArray mean = fast.get(i).mean(new int[] {0}).reshape(theta.get(i).getShape());
                        metaGrad.add(theta.get(i).sub(mean));
                    }
                }
                meta.step(theta, metaGrad);
            } finally {
                TrainingLoop.GRADIENT_LOCK.unlock();
            }
            if ((it + 1) % 50 == 0) {
                curve.add(window / 50.0);
                window = 0;
            }
            if (progress != null) {
                progress.accept(it + 1);
            }
        }
        return curve;
    }

    /** Mean query MSE after K-shot adaptation with {@code evalSteps} SGD steps on {@code taskCount} unseen tasks. */
    public double evaluate(Network init, int taskCount, int evalSteps, long evalSeed) {
        Random random = new Random(evalSeed);
        SinusoidTasks.Task[] batch = new SinusoidTasks.Task[taskCount];
        for (int t = 0; t < taskCount; t++) {
            batch[t] = tasks.next(random);
        }
        float[][] support = sample(batch, shots, random);
        float[][] query = sample(batch, QUERY_POINTS, random);
        TrainingLoop.GRADIENT_LOCK.lock();
        try (NDScope scope = new NDScope()) {
            NDManager m = init.manager();
            List<NDArray> fast = tile(init.parameters(), taskCount);
            NDArray xs = m.create(support[0], new Shape(taskCount, shots, 1));
            NDArray ys = m.create(support[1], new Shape(taskCount, shots, 1));
            for (int s = 0; s < evalSteps; s++) {
                fast = sgdStep(fast, xs, ys, innerRate);
            }
            return meanLoss(fast, m.create(query[0], new Shape(taskCount, QUERY_POINTS, 1)),
                    m.create(query[1], new Shape(taskCount, QUERY_POINTS, 1)));
        } finally {
            TrainingLoop.GRADIENT_LOCK.unlock();
        }
    }

    /** Meta-trains and evaluates against a never-meta-trained baseline. */
    public MetaResult run(NDManager manager, int iterations, int evalTasks, int evalSteps) {
        long start = System.nanoTime();
        try (Network net = Network.create(manager, spec(), seed);
             Network baseline = Network.create(manager, spec(), seed)) {
            List<Double> curve = metaTrain(net, iterations, null);
            double learnt = evaluate(net, evalTasks, evalSteps, seed + 1);
            double base = evaluate(baseline, evalTasks, evalSteps, seed + 1);
            return new MetaResult(algorithm, shots, iterations, learnt, base, "mse", curve,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** {@code n} points of every task, task-major: xs[b * n + i], ys[b * n + i]. */
    private float[][] sample(SinusoidTasks.Task[] batch, int n, Random random) {
        float[] xs = new float[batch.length * n];
        float[] ys = new float[batch.length * n];
        for (int b = 0; b < batch.length; b++) {
            float[][] points = batch[b].sample(n, random, tasks.range());
            System.arraycopy(points[0], 0, xs, b * n, n);
            System.arraycopy(points[1], 0, ys, b * n, n);
        }
        return new float[][] {xs, ys};
    }

    /** Copies of theta with a leading task dimension: weights [B, in, out], biases [B, 1, out]. */
    private static List<NDArray> tile(List<NDArray> theta, int tasks) {
        TorchRuntime.disableGradModeOnThisThread();
        List<NDArray> fast = new ArrayList<>(theta.size());
        for (NDArray p : theta) {
            Shape shape = p.getShape();
            NDArray asMatrix = shape.dimension() == 1 ? p.reshape(1, shape.get(0)) : p;
            fast.add(asMatrix.expandDims(0).repeat(0, tasks));
        }
        return fast;
    }

    /** Batched forward pass of the 1-40-40-1 ReLU network: x [B, K, 1] to [B, K, 1]. */
    private static NDArray forward(List<NDArray> w, NDArray x) {
        NDArray h = x.matMul(w.get(0)).add(w.get(1)).maximum(0f);
        h = h.matMul(w.get(2)).add(w.get(3)).maximum(0f);
        return h.matMul(w.get(4)).add(w.get(5));
    }

    /** Per-task MSE, shape [B]. */
    private static NDArray taskLosses(List<NDArray> w, NDArray x, NDArray y) {
        NDArray squared = forward(w, x).sub(y).square();
        return squared.reshape(squared.getShape().get(0), -1).mean(new int[] {1});
    }

    private static double meanLoss(List<NDArray> w, NDArray x, NDArray y) {
        TorchRuntime.disableGradModeOnThisThread();
        return taskLosses(w, x, y).mean().getFloat();
    }

    private record Gradient(List<NDArray> grads, double meanLoss) {
    }

    /** Gradients of every task's loss with respect to its own fast weights (the summed losses decouple). */
    private static Gradient gradient(List<NDArray> fast, NDArray x, NDArray y) {
        for (NDArray p : fast) {
            p.setRequiresGradient(true);
        }
        double mean;
        try (GradientCollector collector = x.getManager().getEngine().newGradientCollector()) {
            NDArray losses = taskLosses(fast, x, y);
            mean = losses.mean().getFloat();
            collector.backward(losses.sum());
        }
        List<NDArray> grads = new ArrayList<>(fast.size());
        for (NDArray p : fast) {
            grads.add(p.getGradient().duplicate());
        }
        return new Gradient(grads, mean);
    }

    /** One SGD step per task, each task's gradient clipped to L2 norm {@link #MAX_GRADIENT_NORM}. */
    private static List<NDArray> sgdStep(List<NDArray> fast, NDArray x, NDArray y, float rate) {
        List<NDArray> grads = gradient(fast, x, y).grads();
        TorchRuntime.disableGradModeOnThisThread();
        NDArray squared = null;
        for (NDArray g : grads) {
            NDArray s = g.square().reshape(g.getShape().get(0), -1).sum(new int[] {1});
            squared = squared == null ? s : squared.add(s);
        }
        NDArray scale = squared.sqrt().add(1e-12f).pow(-1f).mul(MAX_GRADIENT_NORM).minimum(1f)
                .mul(rate).reshape(-1, 1, 1);
        List<NDArray> next = new ArrayList<>(fast.size());
        for (int i = 0; i < fast.size(); i++) {
            next.add(fast.get(i).stopGradient().sub(grads.get(i).mul(scale)));
        }
        return next;
    }
}
