package io.multisystem.learner.adaptation;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.learner.data.LabeledData;
import io.multisystem.learner.engine.Adam;
import io.multisystem.learner.engine.Batch;
import io.multisystem.learner.engine.Evaluator;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.NetworkSpec;
import io.multisystem.learner.engine.TrainingHooks;
import io.multisystem.learner.engine.TrainingLoop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Unsupervised (DANN, CORAL) and few-shot supervised (head fine-tuning) domain adaptation on top of a source-only
 * model.
 *
 * <p>Design note: every method starts from the same source-only network (trained on labelled source data), so
 * "before" and "after" are measured on the same weights. DANN adds a discriminator MLP on the trunk's features behind a
 * gradient reversal layer (implemented as a second backward pass whose trunk gradients enter with factor {@code -0.1 l}),
 * with the schedule
 * {@code l = 2 / (1 + exp(-10 p)) - 1} over training progress p; source and target batches are drawn together each
 * step. CORAL adds {@code w * ||C_s - C_t||_F^2 / (4 d^2)} between the feature covariances of a source and a target
 * batch. Both keep the source cross-entropy. Head fine-tuning freezes the trunk and trains the head on
 * {@code shotsPerClass} labelled target examples. Target labels are used only by head fine-tuning and evaluation.
 */
public final class DomainAdapter {
    /** Scale of the reversed domain gradient at full schedule; at 1.0 the 64-feature trunk collapsed here. */
    static final float DANN_WEIGHT = 0.1f;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final long seed;

    public DomainAdapter(int epochs, int batchSize, float learningRate, long seed) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.seed = seed;
    }

    /** Trains a source-only network (head 0 over the source classes). */
    public Network trainSourceOnly(NDManager manager, NetworkSpec spec, LabeledData source) {
        Network net = Network.create(manager, spec, seed);
        new TrainingLoop(epochs, batchSize, seed).train(net, source, 0, Adam.adam(learningRate), TrainingHooks.NONE,
                null);
        return net;
    }

    /**
     * Adapts a copy of {@code sourceOnly} with {@code method}.
     *
     * @param targetTrain target data; its labels are read only by {@link AdaptationMethod#FINETUNE_HEAD}
     * @param targetTest  labelled target data for evaluation
     */
    public AdaptationResult adapt(AdaptationMethod method, Network sourceOnly, LabeledData source,
                                  LabeledData sourceTest, LabeledData targetTrain, LabeledData targetTest,
                                  int shotsPerClass) {
        if (source.dimension() != targetTrain.dimension() || targetTrain.dimension() != targetTest.dimension()) {
            throw new InvalidInputException("auto-learner.adaptation", "SHAPE_MISMATCH", "source ("
                    + source.dimension() + " features) and target (" + targetTrain.dimension()
                    + ") must have the same input shape");
        }
        if (source.classes() != targetTest.classes()) {
            throw new InvalidInputException("auto-learner.adaptation", "LABEL_MISMATCH", "source has "
                    + source.classes() + " classes but target " + targetTest.classes());
        }
        long start = System.nanoTime();
        double before = Evaluator.accuracy(sourceOnly, targetTest, 0);
        List<Double> losses = new ArrayList<>();
        try (Network net = sourceOnly.copy()) {
            switch (method) {
                case SOURCE_ONLY:
                    break;
                case FINETUNE_HEAD:
                    losses.addAll(finetuneHead(net, fewShot(targetTrain, shotsPerClass)));
                    break;
                case DANN:
                case CORAL:
                    losses.addAll(alignDomains(method, net, source, targetTrain));
                    break;
                default:
                    throw new IllegalStateException(method.name());
            }
            return new AdaptationResult(method, Evaluator.accuracy(net, sourceTest, 0), before,
                    Evaluator.accuracy(net, targetTest, 0), losses, (System.nanoTime() - start) / 1e9);
        }
    }

    private LabeledData fewShot(LabeledData data, int shots) {
        int[] taken = new int[data.classes()];
        List<Integer> keep = new ArrayList<>();
        for (int i : LabeledData.shuffledIndices(data.size(), new Random(seed))) {
            if (taken[data.labels()[i]]++ < shots) {
                keep.add(i);
            }
        }
        return data.subset(data.name() + " few-shot", keep.stream().mapToInt(Integer::intValue).toArray());
    }

    private List<Double> finetuneHead(Network net, LabeledData labelled) {
        TrainingHooks headOnly = new TrainingHooks() {
            @Override
            public boolean trainable(String name, int epoch) {
                return !Network.isTrunk(name);
            }
        };
        return new TrainingLoop(Math.max(epochs, 20), Math.min(batchSize, labelled.size()), seed)
                .train(net, labelled, 0, Adam.adam(learningRate), headOnly, null).epochLosses();
    }

    private List<Double> alignDomains(AdaptationMethod method, Network net, LabeledData source, LabeledData target) {
        NDManager m = net.manager();
        Engine engine = m.getEngine();
        try (Network discriminator = Network.create(m.getParentManager(),
                NetworkSpec.mlp(net.spec().featureSize(), new int[] {64}, 2), seed + 1)) {
            List<NDArray> params = new ArrayList<>(net.parameters());
            if (method == AdaptationMethod.DANN) {
                params.addAll(discriminator.parameters());
            }
            Adam adam = Adam.adam(learningRate);
            Random random = new Random(seed);
            int stepsPerEpoch = (source.size() + batchSize - 1) / batchSize;
            int totalSteps = epochs * stepsPerEpoch;
            List<Double> losses = new ArrayList<>();
            int step = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                int[] order = LabeledData.shuffledIndices(source.size(), random);
                double sum = 0;
                for (int from = 0; from < order.length; from += batchSize, step++) {
                    Batch s = TrainingLoop.batchOf(source, Arrays.copyOfRange(order, from,
                            Math.min(order.length, from + batchSize)), 0);
                    int[] tIdx = new int[s.size()];
                    for (int i = 0; i < tIdx.length; i++) {
                        tIdx[i] = random.nextInt(target.size());
                    }
                    Batch t = TrainingLoop.batchOf(target, tIdx, 0);
                    double p = (double) step / totalSteps;
                    float lambda = (float) (2 / (1 + Math.exp(-10 * p)) - 1);
                    sum += alignStep(method, engine, net, discriminator, params, adam, s, t, lambda);
                }
                losses.add(sum / stepsPerEpoch);
            }
            return losses;
        }
    }

    private double alignStep(AdaptationMethod method, Engine engine, Network net, Network discriminator,
                             List<NDArray> params, Adam adam, Batch s, Batch t, float lambda) {
        TrainingLoop.GRADIENT_LOCK.lock();
        try (NDScope scope = new NDScope()) {
            NDManager m = net.manager();
            List<NDArray> trunkAndHead = net.parameters();
            double value;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray fs = net.features(TrainingLoop.inputs(m, s.x()));
                NDArray loss = TrainingLoop.crossEntropy(net.head(fs, 0), s.y());
                if (method == AdaptationMethod.CORAL) {
                    NDArray ft = net.features(TrainingLoop.inputs(m, t.x()));
                    loss = loss.add(coral(fs, ft).mul(lambda));
                }
                value = loss.getFloat();
                collector.backward(loss);
            }
            List<NDArray> grads = new ArrayList<>();
            for (NDArray p : trunkAndHead) {
                NDArray g = p.getGradient();
                grads.add(g.duplicate());
                g.subi(g);
            }
            if (method == AdaptationMethod.DANN) {
                // gradient reversal as a second pass: the discriminator descends the domain loss, the trunk ascends
                // it (its gradient enters with factor -lambda), exactly what a GRL layer does in one pass
                float[][] both = concat(s.x(), t.x());
                int[] domain = new int[both.length];
                Arrays.fill(domain, s.size(), domain.length, 1);
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray f = net.features(TrainingLoop.inputs(m, both));
                    NDArray domainLoss = TrainingLoop.crossEntropy(discriminator.forward(f, 0), domain);
                    value += domainLoss.getFloat();
                    collector.backward(domainLoss);
                }
                for (int i = 0; i < trunkAndHead.size(); i++) {
                    NDArray g = trunkAndHead.get(i).getGradient();
                    grads.set(i, grads.get(i).sub(g.mul(lambda * DANN_WEIGHT)));
                    g.subi(g);
                }
                for (NDArray p : discriminator.parameters()) {
                    NDArray g = p.getGradient();
                    grads.add(g.duplicate());
                    g.subi(g);
                }
            }
            adam.step(params, grads);
            return value;
        } finally {
            TrainingLoop.GRADIENT_LOCK.unlock();
        }
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** CORAL loss ||C_s - C_t||_F^2 / (4 d^2) between feature covariances. */
    static NDArray coral(NDArray fs, NDArray ft) {
        long d = fs.getShape().get(1);
        NDArray cs = covariance(fs);
        NDArray ct = covariance(ft);
        return cs.sub(ct).square().sum().div(4f * d * d);
    }

    private static NDArray covariance(NDArray f) {
        long n = f.getShape().get(0);
        NDArray centred = f.sub(f.mean(new int[] {0}, true));
        return centred.transpose().matMul(centred).div(Math.max(1, n - 1));
    }
}
