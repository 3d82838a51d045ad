package io.multisystem.learner.engine;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.multisystem.learner.data.LabeledData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Training throughput of the module's {@link TrainingLoop} against a bare DJL loop (Block API: SequentialBlock of
 * Linear/ReLU, DJL's softmax cross-entropy, DJL's Adam, {@code trainer.step()}) on the same MLP shape, data, batch size
 * and number of epochs. Rounds alternate which loop runs first; the median examples/second of each is reported, so
 * the ratio is measured in the same process under the same load.
 */
public final class ThroughputBenchmark {
    /** Median examples per second of each loop and the overhead of ours ({@code bare / ours - 1}). */
    public record Result(double oursPerSecond, double bareDjlPerSecond, int rounds, int examples) {
        public double overhead() {
            return bareDjlPerSecond / oursPerSecond - 1;
        }
    }

    private ThroughputBenchmark() {
    }

    public static Result run(NDManager manager, LabeledData data, int[] hidden, int batchSize, int rounds) {
        double[] ours = new double[rounds];
        double[] bare = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                ours[r] = ours(manager, data, hidden, batchSize, r);
                bare[r] = bare(manager, data, hidden, batchSize, r);
            } else {
                bare[r] = bare(manager, data, hidden, batchSize, r);
                ours[r] = ours(manager, data, hidden, batchSize, r);
            }
        }
        return new Result(median(ours), median(bare), rounds, data.size());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double ours(NDManager manager, LabeledData data, int[] hidden, int batchSize, long seed) {
        NetworkSpec spec = new NetworkSpec(NetworkSpec.Kind.MLP, 1, 1, data.dimension(), hidden,
                new int[] {data.classes()});
        try (Network net = Network.create(manager, spec, seed)) {
            TrainingReport report = new TrainingLoop(1, batchSize, seed).train(net, data, 0, Adam.adam(1e-3f),
                    TrainingHooks.NONE, null);
            return report.examplesPerSecond();
        }
    }

    private static double bare(NDManager manager, LabeledData data, int[] hidden, int batchSize, long seed) {
        SequentialBlock block = new SequentialBlock();
        for (int h : hidden) {
            block.add(Linear.builder().setUnits(h).build()).add(Activation::relu);
        }
        block.add(Linear.builder().setUnits(data.classes()).build());
        try (Model model = Model.newInstance("bare-djl", "PyTorch")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batchSize, data.dimension()));
                int[] order = LabeledData.shuffledIndices(data.size(), new Random(seed));
                long start = System.nanoTime();
                for (int from = 0; from < order.length; from += batchSize) {
                    int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                    Batch batch = TrainingLoop.batchOf(data, idx, 0);
                    TrainingLoop.GRADIENT_LOCK.lock();
                    try (NDManager step = trainer.getManager().newSubManager()) {
                        NDArray x = TrainingLoop.inputs(step, batch.x());
                        NDArray y = step.create(batch.y());
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray prediction = trainer.forward(new NDList(x)).singletonOrThrow();
                            NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(prediction));
                            collector.backward(loss);
                        }
                        trainer.step();
                    } finally {
                        TrainingLoop.GRADIENT_LOCK.unlock();
                    }
                }
                return data.size() * 1e9 / (System.nanoTime() - start);
            }
        }
    }
}
