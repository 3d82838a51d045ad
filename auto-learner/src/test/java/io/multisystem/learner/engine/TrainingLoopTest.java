package io.multisystem.learner.engine;

import ai.djl.ndarray.NDManager;
import io.multisystem.learner.TestData;
import io.multisystem.learner.data.LabeledData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrainingLoopTest {
    private static TrainingReport train(NetworkSpec spec, LabeledData data, float lr, int epochs, double[] accuracy) {
        try (NDManager m = TestData.manager(); Network net = Network.create(m, spec, 11)) {
            List<LabeledData> split = data.split(0.2, 5);
            TrainingReport report = new TrainingLoop(epochs, 32, 11).train(net, split.get(0), 0, Adam.adam(lr),
                    TrainingHooks.NONE, null);
            accuracy[0] = Evaluator.accuracy(net, split.get(1), 0);
            return report;
        }
    }

    @Test
    void mlpLearnsScikitLearnDigits() {
        LabeledData digits = TestData.require("digits");
        double[] accuracy = new double[1];

        TrainingReport report = train(NetworkSpec.mlp(64, new int[] {64}, 10), digits, 3e-3f, 5, accuracy);

        assertThat(accuracy[0]).isGreaterThan(0.9);
        assertThat(report.epochLosses().get(4)).isLessThan(report.epochLosses().get(0));
    }

    @Test
    void smallCnnLearnsScikitLearnDigits() {
        LabeledData digits = TestData.require("digits");
        double[] accuracy = new double[1];

        train(new NetworkSpec(NetworkSpec.Kind.CNN, 1, 8, 8, new int[] {8, 16, 64}, new int[] {10}), digits, 3e-3f, 4,
                accuracy);

        assertThat(accuracy[0]).isGreaterThan(0.85);
    }

    @Test
    void convFeaturesAreTheFlattenedPooledMapOfACnnAndRefusedForAnMlp() {
        try (NDManager m = TestData.manager();
             Network cnn = Network.create(m, new NetworkSpec(NetworkSpec.Kind.CNN, 1, 28, 28, new int[] {4, 6, 8},
                     new int[] {2}), 1);
             Network mlp = Network.create(m, NetworkSpec.mlp(784, new int[] {8}, 2), 1)) {
            ai.djl.ndarray.NDArray x = m.ones(new ai.djl.ndarray.types.Shape(3, 784));

            assertThat(cnn.convFeatures(x).getShape().getShape()).containsExactly(3, 6 * 7 * 7);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> mlp.convFeatures(x))
                    .hasMessageContaining("CNN");
        }
    }

    @Test
    void aSeedFixesTheLossesOnCpu() {
        LabeledData iris = TestData.require("iris");
        double[] a = new double[1];
        double[] b = new double[1];

        TrainingReport first = train(NetworkSpec.mlp(4, new int[] {16}, 3), iris, 1e-2f, 3, a);
        TrainingReport second = train(NetworkSpec.mlp(4, new int[] {16}, 3), iris, 1e-2f, 3, b);

        assertThat(second.stepLosses()).hasSameSizeAs(first.stepLosses());
        for (int i = 0; i < first.stepLosses().size(); i++) {
            assertThat(second.stepLosses().get(i)).isCloseTo(first.stepLosses().get(i), within(1e-6));
        }
        assertThat(b[0]).isEqualTo(a[0]);
    }

    @Test
    void divergingLossStopsTrainingAndKeepsTheBestCheckpoint() {
        LabeledData iris = TestData.require("iris");

        TrainingReport report;
        try (NDManager m = TestData.manager(); Network net = Network.create(m, NetworkSpec.mlp(4, new int[] {16}, 3), 11)) {
            report = new TrainingLoop(20, 32, 11).train(net, iris, 0, Adam.sgd(1e4f), TrainingHooks.NONE, null);
        }

        assertThat(report.diverged()).isTrue();
        assertThat(report.divergence()).containsAnyOf("checkpoint of epoch", "no checkpoint");
        assertThat(report.epochLosses().size()).isLessThan(20);
    }

    @Test
    void rejectsDataWhoseShapeDoesNotFitTheModel() {
        LabeledData iris = TestData.require("iris");
        try (NDManager m = TestData.manager(); Network net = Network.create(m, NetworkSpec.mlp(5, new int[] {4}, 3), 1)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TrainingLoop(1, 8, 1)
                            .train(net, iris, 0, Adam.adam(1e-3f), TrainingHooks.NONE, null))
                    .hasMessageContaining("has 4 features per example but the model takes 5");
        }
    }
}
