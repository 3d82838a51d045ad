package io.multisystem.learner.multitask;

import ai.djl.ndarray.NDManager;
import io.multisystem.learner.TestData;
import io.multisystem.learner.data.LabeledData;
import io.multisystem.learner.engine.Adam;
import io.multisystem.learner.engine.Evaluator;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.NetworkSpec;
import io.multisystem.learner.engine.TrainingHooks;
import io.multisystem.learner.engine.TrainingLoop;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MultiTaskTest {
    @Test
    void sharedTrunkLearnsDigitClassAndParityWithUncertaintyWeighting() {
        List<LabeledData> split = TestData.require("digits").split(0.2, 1);
        List<LabeledData> train = List.of(split.get(0), split.get(0).relabel("parity", 2, y -> y % 2));
        List<LabeledData> test = List.of(split.get(1), split.get(1).relabel("parity", 2, y -> y % 2));
        try (NDManager m = TestData.manager()) {
            MultiTaskTrainer.Result r = new MultiTaskTrainer(6, 32, 3e-3f, 1).train(m, train, test, new int[] {64},
                    MultiTaskTrainer.Balancing.UNCERTAINTY);

            assertThat(r.accuracy()[0]).isGreaterThan(0.85);
            assertThat(r.accuracy()[1]).isGreaterThan(0.85);
            assertThat(r.weights()[0]).isNotEqualTo(1.0);
            assertThat(r.weights()[0]).isNotEqualTo(r.weights()[1]);
        }
    }

    @Test
    void gradNormGivesTheSlowerTrainingTaskTheLargerWeight() {
        List<LabeledData> split = TestData.require("digits").split(0.2, 1);
        List<LabeledData> train = List.of(split.get(0), split.get(0).relabel("parity", 2, y -> y % 2));
        List<LabeledData> test = List.of(split.get(1), split.get(1).relabel("parity", 2, y -> y % 2));
        try (NDManager m = TestData.manager()) {
            MultiTaskTrainer.Result r = new MultiTaskTrainer(6, 32, 3e-3f, 1).train(m, train, test, new int[] {64},
                    MultiTaskTrainer.Balancing.GRADNORM);
            System.out.printf("gradnorm: weights %s, loss ratios %s, accuracy %s%n",
                    java.util.Arrays.toString(r.weights()), java.util.Arrays.toString(r.lossRatios()),
                    java.util.Arrays.toString(r.accuracy()));

            assertThat(r.accuracy()[0]).isGreaterThan(0.85);
            assertThat(r.accuracy()[1]).isGreaterThan(0.85);
            assertThat(r.weights()[0] + r.weights()[1]).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-6));
            // GradNorm's rule: the task whose loss falls more slowly (higher L(t)/L(0)) is weighted up
            assertThat(r.lossRatios()[0]).isNotEqualTo(r.lossRatios()[1]);
            int slower = r.lossRatios()[1] > r.lossRatios()[0] ? 1 : 0;
            assertThat(r.weights()[slower]).isGreaterThan(1.2);
            assertThat(r.weights()[1 - slower]).isLessThan(0.8);
        }
    }

    @Test
    void fineTuningAMnistTrunkOnTenDigitsPerClassBeatsTrainingFromScratch() {
        LabeledData source = io.multisystem.learner.data.Benchmarks.downsampleTo8x8(TestData.require("mnist"))
                .sample(4000, 1);
        List<LabeledData> digits = TestData.require("digits").split(0.5, 1);
        LabeledData few = digits.get(0).sample(100, 2);
        try (NDManager m = TestData.manager();
             Network pretrained = Network.create(m, NetworkSpec.mlp(64, new int[] {128, 64}, 10), 1);
             Network scratch = Network.create(m, NetworkSpec.mlp(64, new int[] {128, 64}, 10), 1)) {
            new TrainingLoop(3, 64, 1).train(pretrained, source, 0, Adam.adam(1e-3f), TrainingHooks.NONE, null);
            new TrainingLoop(10, 16, 1).train(scratch, few, 0, Adam.adam(1e-3f), TrainingHooks.NONE, null);
            try (Network tuned = new TransferLearner(10, 3, 16, 1e-3f, 1).fineTune(pretrained, few, null)) {
                double tunedAccuracy = Evaluator.accuracy(tuned, digits.get(1), 0);
                double scratchAccuracy = Evaluator.accuracy(scratch, digits.get(1), 0);

                assertThat(tunedAccuracy).isGreaterThan(scratchAccuracy);
            }
        }
    }
}
