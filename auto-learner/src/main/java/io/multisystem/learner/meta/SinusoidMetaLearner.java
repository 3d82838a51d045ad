package io.multisystem.learner.meta;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.multisystem.core.error.Validation;
import io.multisystem.learner.engine.Adam;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.NetworkSpec;
import io.multisystem.learner.engine.TrainingLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * First-order MAML and Reptile on sinusoid regression, with the MAML paper's network (1-40-40-1, ReLU).
 *
 * <p>Design note: the inner loop takes {@code innerSteps} plain SGD steps (rate {@code innerRate}) on K support points
 * from a copy of the initialisation theta. FOMAML then uses the gradient of the loss on K fresh query points at the
 * adapted weights as the meta-gradient (dropping second-order terms) and updates theta with Adam; Reptile uses
 * {@code theta - phi} (averaged over the meta-batch) as the meta-gradient, i.e. moves theta towards the adapted
 * weights. Evaluation adapts with {@code evalSteps} SGD steps on K points of unseen tasks and measures MSE on 100
 * query points; the baseline is the same procedure from a network that was never meta-trained. Inner and meta
 * gradients are clipped to global norm 10 (amplitude-5 sinusoids give large MSE gradients early on).
 */
public final class SinusoidMetaLearner {
    private static final double MAX_GRADIENT_NORM = 10.0;
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

    /** Meta-trains {@code net} for {@code iterations} meta-batches; returns the mean query loss per 50 iterations. */
    public List<Double> metaTrain(Network net, int iterations, Consumer<Integer> progress) {
        Random random = new Random(seed);
        Adam meta = Adam.adam(metaRate);
        List<Double> curve = new ArrayList<>();
        double window = 0;
        List<NDArray> params = net.parameters();
        try (Network fast = net.copy()) {
            for (int it = 0; it < iterations; it++) {
                Map<String, float[]> theta = net.snapshot();
                float[][] metaGrad = new float[params.size()][];
                for (int b = 0; b < metaBatch; b++) {
                    SinusoidTasks.Task task = tasks.next(random);
                    fast.restore(theta);
                    float[][] support = task.sample(shots, random, tasks.range());
                    for (int s = 0; s < innerSteps; s++) {
                        sgdStep(fast, support, innerRate);
                    }
                    float[][] grad;
                    if (algorithm == MetaAlgorithm.FOMAML) {
                        float[][] query = task.sample(shots, random, tasks.range());
                        window += gradient(fast, query, null);
                        grad = new float[params.size()][];
                        gradient(fast, query, grad);
                    } else {
                        window += loss(fast, support);
                        grad = new float[params.size()][];
                        int i = 0;
                        for (Map.Entry<String, float[]> e : fast.snapshot().entrySet()) {
                            float[] t = theta.get(e.getKey());
                            float[] g = new float[t.length];
                            for (int k = 0; k < g.length; k++) {
                                g[k] = t[k] - e.getValue()[k];
                            }
                            grad[i++] = g;
                        }
                    }
                    accumulate(metaGrad, grad, 1f / metaBatch);
                }
                clip(metaGrad, MAX_GRADIENT_NORM);
                applyMetaGradient(net, params, meta, metaGrad);
                if ((it + 1) % 50 == 0) {
                    curve.add(window / (50.0 * metaBatch));
                    window = 0;
                }
                if (progress != null) {
                    progress.accept(it + 1);
                }
            }
        }
        return curve;
    }

    private void applyMetaGradient(Network net, List<NDArray> params, Adam meta, float[][] metaGrad) {
        TrainingLoop.GRADIENT_LOCK.lock();
        try (NDScope scope = new NDScope()) {
            List<NDArray> grads = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                grads.add(net.manager().create(metaGrad[i], params.get(i).getShape()));
            }
            if (algorithm == MetaAlgorithm.REPTILE) {
                // Reptile's outer step is plain: theta <- theta - eps * (theta - phi)
                Adam.sgd(metaRate).step(params, grads);
            } else {
                meta.step(params, grads);
            }
        } finally {
            TrainingLoop.GRADIENT_LOCK.unlock();
        }
    }

    /** Scales the gradients down so their global L2 norm is at most {@code max} (keeps 10-step SGD stable). */
    static void clip(float[][] grads, double max) {
        double sq = 0;
        for (float[] g : grads) {
            for (float v : g) {
                sq += (double) v * v;
            }
        }
        double norm = Math.sqrt(sq);
        if (norm > max && Double.isFinite(norm)) {
            float scale = (float) (max / norm);
            for (float[] g : grads) {
                for (int i = 0; i < g.length; i++) {
                    g[i] *= scale;
                }
            }
        }
    }

    private static void accumulate(float[][] into, float[][] grad, float weight) {
        for (int i = 0; i < grad.length; i++) {
            if (into[i] == null) {
                into[i] = new float[grad[i].length];
            }
            for (int k = 0; k < grad[i].length; k++) {
                into[i][k] += grad[i][k] * weight;
            }
        }
    }

    /** Mean query MSE after K-shot adaptation on {@code taskCount} unseen tasks (seeded). */
    public double evaluate(Network init, int taskCount, int evalSteps, long evalSeed) {
        Random random = new Random(evalSeed);
        double total = 0;
        Map<String, float[]> theta = init.snapshot();
        try (Network fast = init.copy()) {
            for (int t = 0; t < taskCount; t++) {
                SinusoidTasks.Task task = tasks.next(random);
                fast.restore(theta);
                float[][] support = task.sample(shots, random, tasks.range());
                for (int s = 0; s < evalSteps; s++) {
                    sgdStep(fast, support, innerRate);
                }
                total += loss(fast, task.sample(100, random, tasks.range()));
            }
        }
        return total / taskCount;
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

    private void sgdStep(Network net, float[][] points, float rate) {
        float[][] grads = new float[net.parameters().size()][];
        gradient(net, points, grads);
        clip(grads, MAX_GRADIENT_NORM);
        TrainingLoop.GRADIENT_LOCK.lock();
        try (NDScope scope = new NDScope()) {
            List<NDArray> params = net.parameters();
            List<NDArray> g = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                g.add(net.manager().create(grads[i], params.get(i).getShape()));
            }
            Adam.sgd(rate).step(params, g);
        } finally {
            TrainingLoop.GRADIENT_LOCK.unlock();
        }
    }

    /** MSE on the points; when {@code out} is non-null, also writes the gradients of every parameter into it. */
    private static double gradient(Network net, float[][] points, float[][] out) {
        Engine engine = net.manager().getEngine();
        TrainingLoop.GRADIENT_LOCK.lock();
        try (NDScope scope = new NDScope()) {
            NDManager m = net.manager();
            NDArray x = m.create(points[0]).reshape(-1, 1);
            NDArray y = m.create(points[1]).reshape(-1, 1);
            if (out == null) {
                return TrainingLoop.mse(net.forward(x, 0), y).getFloat();
            }
            double value;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray loss = TrainingLoop.mse(net.forward(x, 0), y);
                value = loss.getFloat();
                collector.backward(loss);
            }
            List<NDArray> params = net.parameters();
            for (int i = 0; i < params.size(); i++) {
                NDArray g = params.get(i).getGradient();
                out[i] = g.toFloatArray();
                g.subi(g);
            }
            return value;
        } finally {
            TrainingLoop.GRADIENT_LOCK.unlock();
        }
    }

    private static double loss(Network net, float[][] points) {
        return gradient(net, points, null);
    }
}
