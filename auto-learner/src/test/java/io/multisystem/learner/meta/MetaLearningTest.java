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
            MetaResult r = new PrototypicalEpisodes(4, 5, 10, 3).run(m, fashion, new int[] {0, 1, 2, 3, 4, 5},
                    new int[] {6, 7, 8, 9}, 150, 50);

            assertThat(r.metaLearnt()).isGreaterThan(r.baseline());
            assertThat(r.metaLearnt()).isGreaterThan(0.5);
        }
    }
}
