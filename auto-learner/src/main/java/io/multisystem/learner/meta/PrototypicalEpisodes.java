package io.multisystem.learner.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.multisystem.core.error.Validation;
import io.multisystem.learner.data.LabeledData;
import io.multisystem.learner.engine.Adam;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.NetworkSpec;
import io.multisystem.learner.engine.TrainingLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Prototypical networks (Snell et al. 2017) on N-way K-shot episodes.
 *
 * <p>Design note: an episode samples N classes, K support and Q query images per class. The embedding maps images to
 * features; each class prototype is the mean support embedding; query logits are negative squared Euclidean distances
 * to the prototypes, trained with cross-entropy and Adam (one episode per step). For images the embedding is the
 * flattened feature map of the small CNN trunk (two conv 3x3 + ReLU + max-pool blocks, a shallow version of Snell et
 * al.'s Conv-4, without batch norm): a 64-wide dense bottleneck on top of it, tried first, over-fits the few training
 * classes and loses to raw pixels on unseen ones, while the wide map keeps the spatial detail that nearest-mean in
 * pixel space relies on and learns which of it matters. Meta-training uses the training classes only; evaluation draws
 * episodes from disjoint held-out classes, and the baselines classify the same episodes by nearest prototype in raw
 * pixel space ({@link #evaluate} with a null embedding) and in the untrained embedding ({@link #untrainedBaseline}),
 * so the gain of meta-training itself is visible. Deterministic for a seed (seeded init and episode sampling, CPU).
 */
public final class PrototypicalEpisodes {
    static final int CONV1 = 16;
    static final int CONV2 = 32;
    static final int EMBEDDING = 64;
    private final int ways;
    private final int shots;
    private final int queries;
    private final long seed;

    public PrototypicalEpisodes(int ways, int shots, int queries, long seed) {
        Validation.of("auto-learner.meta")
                .require(ways >= 2, "ways", "an episode needs at least 2 classes")
                .require(shots >= 1, "shots", "must be at least 1")
                .require(queries >= 1, "queries", "must be at least 1")
                .throwIfInvalid();
        this.ways = ways;
        this.shots = shots;
        this.queries = queries;
        this.seed = seed;
    }

    record Episode(float[][] support, float[][] query, int[] queryLabels) {
    }

    Episode sample(LabeledData data, int[] classes, Random random) {
        if (classes.length < ways) {
            throw new io.multisystem.core.error.InvalidInputException("auto-learner.meta", "TOO_FEW_CLASSES",
                    "a " + ways + "-way episode needs " + ways + " classes, only " + classes.length + " available");
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < data.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            byClass.get(data.labels()[i]).add(i);
        }
        int[] chosen = LabeledData.shuffledIndices(classes.length, random);
        float[][] support = new float[ways * shots][];
        float[][] query = new float[ways * queries][];
        int[] labels = new int[ways * queries];
        for (int w = 0; w < ways; w++) {
            List<Integer> pool = byClass.get(classes[chosen[w]]);
            for (int k = 0; k < shots + queries; k++) {
                float[] x = data.features()[pool.get(random.nextInt(pool.size()))];
                if (k < shots) {
                    support[w * shots + k] = x;
                } else {
                    query[w * queries + k - shots] = x;
                    labels[w * queries + k - shots] = w;
                }
            }
        }
        return new Episode(support, query, labels);
    }

    /** Meta-trains the embedding on episodes of {@code trainClasses}; returns the mean loss per 20 episodes. */
    public List<Double> metaTrain(Network embedding, LabeledData data, int[] trainClasses, int episodes, float lr) {
        Random random = new Random(seed);
        Adam adam = Adam.adam(lr);
        List<NDArray> params = embedding.parameters();
        List<Double> curve = new ArrayList<>();
        double window = 0;
        for (int e = 0; e < episodes; e++) {
            Episode episode = sample(data, trainClasses, random);
            TrainingLoop.GRADIENT_LOCK.lock();
            try (NDScope scope = new NDScope()) {
                try (GradientCollector collector = embedding.manager().getEngine().newGradientCollector()) {
                    NDArray loss = TrainingLoop.crossEntropy(logits(embedding, episode), episode.queryLabels());
                    window += loss.getFloat();
                    collector.backward(loss);
                }
                List<NDArray> grads = new ArrayList<>();
                for (NDArray p : params) {
                    NDArray g = p.getGradient();
                    grads.add(trained(embedding, embedding.parameterNames().get(grads.size())) ? g.duplicate() : null);
                    g.subi(g);
                }
                adam.step(params, grads);
            } finally {
                TrainingLoop.GRADIENT_LOCK.unlock();
            }
            if ((e + 1) % 20 == 0) {
                curve.add(window / 20);
                window = 0;
            }
        }
        return curve;
    }

    private NDArray logits(Network embedding, Episode episode) {
        NDManager m = embedding.manager();
        NDArray s = embed(embedding, TrainingLoop.inputs(m, episode.support()));
        NDArray q = embed(embedding, TrainingLoop.inputs(m, episode.query()));
        return negativeDistances(s, q);
    }

    /** The embedding: the CNN's flattened conv feature map, or an MLP trunk's output. */
    private static NDArray embed(Network embedding, NDArray x) {
        return embedding.spec().kind() == NetworkSpec.Kind.CNN ? embedding.convFeatures(x) : embedding.features(x);
    }

    /** Whether meta-training updates parameter {@code name}: trunk only, and for a CNN its conv layers only. */
    private static boolean trained(Network embedding, String name) {
        return Network.isTrunk(name)
                && !(embedding.spec().kind() == NetworkSpec.Kind.CNN && name.startsWith("trunk.fc"));
    }

    private NDArray negativeDistances(NDArray supportEmbedding, NDArray queryEmbedding) {
        long d = supportEmbedding.getShape().get(1);
        NDArray prototypes = supportEmbedding.reshape(ways, shots, d).mean(new int[] {1});
        NDArray diff = queryEmbedding.expandDims(1).sub(prototypes.expandDims(0));
        return diff.square().sum(new int[] {2}).neg();
    }

    /** Mean query accuracy over {@code count} episodes of {@code classes}; {@code embedding} null = raw pixels. */
    public double evaluate(Network embedding, NDManager manager, LabeledData data, int[] classes, int count,
                           long evalSeed) {
        Random random = new Random(evalSeed);
        double correct = 0;
        double total = 0;
        for (int e = 0; e < count; e++) {
            Episode episode = sample(data, classes, random);
            try (NDScope scope = new NDScope()) {
                NDArray logits = embedding == null
                        ? negativeDistances(TrainingLoop.inputs(manager, episode.support()),
                                TrainingLoop.inputs(manager, episode.query()))
                        : logits(embedding, episode);
                long[] predicted = logits.argMax(1).toLongArray();
                for (int i = 0; i < predicted.length; i++) {
                    if (predicted[i] == episode.queryLabels()[i]) {
                        correct++;
                    }
                    total++;
                }
            }
        }
        return correct / total;
    }

    /**
     * The embedding for {@code data}: for images of at least 4x4 the small CNN trunk, whose flattened conv feature map
     * (conv 3x3 + ReLU + 2x2 max-pool twice: 32 x h/4 x w/4 = 1,568 features for 28x28) is the embedding (its dense
     * layer and head are not used); an MLP 256-64 otherwise.
     */
    static NetworkSpec embeddingSpec(LabeledData data) {
        if (data.height() >= 4 && data.width() >= 4) {
            return new NetworkSpec(NetworkSpec.Kind.CNN, data.channels(), data.height(), data.width(),
                    new int[] {CONV1, CONV2, EMBEDDING}, new int[] {1});
        }
        return new NetworkSpec(NetworkSpec.Kind.MLP, data.channels(), data.height(), data.width(),
                new int[] {256, EMBEDDING}, new int[] {1});
    }

    /** Query accuracy of the embedding at its seeded initialisation (before meta-training), same episodes as run. */
    public double untrainedBaseline(NDManager manager, LabeledData data, int[] testClasses, int evalEpisodes) {
        try (Network embedding = Network.create(manager, embeddingSpec(data), seed)) {
            return evaluate(embedding, manager, data, testClasses, evalEpisodes, seed + 1);
        }
    }

    /** Meta-trains on {@code trainClasses} and compares with the pixel-space baseline on {@code testClasses}. */
    public MetaResult run(NDManager manager, LabeledData data, int[] trainClasses, int[] testClasses, int episodes,
                          int evalEpisodes) {
        long start = System.nanoTime();
        NetworkSpec spec = embeddingSpec(data);
        try (Network embedding = Network.create(manager, spec, seed)) {
            List<Double> curve = metaTrain(embedding, data, trainClasses, episodes, 1e-3f);
            double learnt = evaluate(embedding, manager, data, testClasses, evalEpisodes, seed + 1);
            double base = evaluate(null, manager, data, testClasses, evalEpisodes, seed + 1);
            return new MetaResult(MetaAlgorithm.PROTOTYPICAL, shots, episodes, learnt, base, "accuracy", curve,
                    (System.nanoTime() - start) / 1e9);
        }
    }
}
