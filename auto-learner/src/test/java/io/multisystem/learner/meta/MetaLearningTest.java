package io.multisystem.learner.meta;

import ai.djl.ndarray.NDManager;
import io.multisystem.learner.TestData;
import io.multisystem.learner.data.LabeledData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetaLearningTest {
    @Test
    void firstOrderMamlLearnsAnInitialisationThatAdaptsToSinusoidsFromTenShots() {
        try (NDManager m = TestData.manager()) {
            MetaResult r = new SinusoidMetaLearner(MetaAlgorithm.FOMAML, 10, 5, 0.01f, 1e-3f, 5, 3).run(m, 300, 30, 10);

            assertThat(r.metaLearnt()).isLessThan(r.baseline());
            assertThat(r.trainingCurve()).hasSize(6);
        }
    }

    @Test
    void reptileLearnsAnInitialisationThatAdaptsToSinusoids() {
        try (NDManager m = TestData.manager()) {
            MetaResult r = new SinusoidMetaLearner(MetaAlgorithm.REPTILE, 10, 5, 0.01f, 0.1f, 5, 3).run(m, 300, 30, 10);

            assertThat(r.metaLearnt()).isLessThan(r.baseline());
        }
    }

    @Test
    void sinusoidTasksFollowTheMamlPaperRanges() {
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 1000; i++) {
            SinusoidTasks.Task t = SinusoidTasks.mamlPaper().next(random);
            assertThat(t.amplitude()).isBetween(0.1, 5.0);
            assertThat(t.phase()).isBetween(0.0, Math.PI);
        }
    }

    @Test
    void prototypicalEmbeddingBeatsPixelSpaceOnHeldOutFashionClasses() {
        LabeledData fashion = TestData.require("fashion-mnist-test");
        try (NDManager m = TestData.manager()) {
            PrototypicalEpisodes episodes = new PrototypicalEpisodes(4, 5, 10, 3);
            int[] heldOut = {6, 7, 8, 9};
            MetaResult r = episodes.run(m, fashion, new int[] {0, 1, 2, 3, 4, 5}, heldOut, 200, 50);
            double untrained = episodes.untrainedBaseline(m, fashion, heldOut, 50);
            System.out.printf("protonet 4-way 5-shot, 200 episodes: embedding %.4f vs pixels %.4f vs untrained CNN"
                    + " %.4f (%.1f s)%n", r.metaLearnt(), r.baseline(), untrained, r.seconds());

            assertThat(r.metaLearnt()).isGreaterThan(r.baseline() + 0.02);
            assertThat(r.metaLearnt()).isGreaterThan(untrained);
            assertThat(r.trainingCurve()).hasSize(10);
            assertThat(r.trainingCurve().get(9)).isLessThan(r.trainingCurve().get(0));
        }
    }
}
