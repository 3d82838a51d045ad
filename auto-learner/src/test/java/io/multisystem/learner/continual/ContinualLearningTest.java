package io.multisystem.learner.continual;

import ai.djl.ndarray.NDManager;
import io.multisystem.learner.TestData;
import io.multisystem.learner.data.Benchmarks;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.NetworkSpec;
import io.multisystem.learner.engine.TrainingLoop;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ContinualLearningTest {
    private static ContinualResult run(String strategy, List<Benchmarks.Task> stream) {
        try (NDManager m = TestData.manager();
             Network net = Network.create(m, NetworkSpec.mlp(784, new int[] {128, 128}, 10), 7);
             ContinualStrategy s = Strategies.create(strategy, Strategies.StrategyOptions.defaults().withMemory(600), 7)) {
            return new ContinualRunner(new TrainingLoop(2, 64, 7), 1e-3f).run("split-mnist", stream, net, s, null);
        }
    }

    @Test
    void naiveFineTuningForgetsClassIncrementalTasksAndReplayRemembersThem() {
        List<Benchmarks.Task> stream = Benchmarks.build(Benchmarks.Kind.SPLIT_MNIST_CLASS,
                TestData.require("mnist").sample(3000, 3), 3, 0.2, 3);

        ContinualResult naive = run("naive", stream);
        ContinualResult replay = run("replay", stream);

        assertThat(naive.accuracy()).hasDimensions(3, 3);
        assertThat(naive.accuracy()[0][0]).isGreaterThan(0.95);
        assertThat(naive.metrics().forgetting()).isGreaterThan(0.8);
        assertThat(naive.metrics().averageAccuracy()).isLessThan(0.45);
        assertThat(replay.metrics().averageAccuracy()).isGreaterThan(naive.metrics().averageAccuracy() + 0.3);
        assertThat(replay.metrics().forgetting()).isLessThan(naive.metrics().forgetting() / 2);
    }

    @Test
    void metricsFollowTheGemDefinitions() {
        double[][] r = {{0.9, 0.1, 0.2}, {0.6, 0.8, 0.3}, {0.5, 0.7, 0.9}};
        double[] baseline = {0.1, 0.1, 0.1};

        ContinualMetrics m = ContinualMetrics.of(r, baseline);

        assertThat(m.averageAccuracy()).isCloseTo(0.7, within(1e-9));
        assertThat(m.backwardTransfer()).isCloseTo(((0.5 - 0.9) + (0.7 - 0.8)) / 2, within(1e-9));
        assertThat(m.forgetting()).isCloseTo(((0.9 - 0.5) + (0.8 - 0.7)) / 2, within(1e-9));
        assertThat(m.forwardTransfer()).isCloseTo(((0.1 - 0.1) + (0.3 - 0.1)) / 2, within(1e-9));
    }

    @Test
    void reservoirKeepsAUniformSampleOfTheStream() {
        ReservoirBuffer buffer = new ReservoirBuffer(100, 1);
        for (int i = 0; i < 10_000; i++) {
            buffer.offer(new float[] {i}, i < 5000 ? 0 : 1, 0);
        }
        long late = buffer.items().stream().filter(e -> e.y() == 1).count();

        assertThat(buffer.size()).isEqualTo(100);
        assertThat(late).isBetween(35L, 65L);
    }

    @Test
    void unknownStrategyIsRejectedWithTheList() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        Strategies.create("sgd", Strategies.StrategyOptions.defaults(), 1))
                .hasMessageContaining("naive, ewc, lwf, replay, agem");
    }
}
