package io.multisystem.learner.adaptation;

import ai.djl.ndarray.NDManager;
import io.multisystem.learner.TestData;
import io.multisystem.learner.data.Benchmarks;
import io.multisystem.learner.data.LabeledData;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.NetworkSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DomainAdapterTest {
    static List<LabeledData> source;
    static List<LabeledData> target;

    @BeforeAll
    static void data() {
        source = Benchmarks.downsampleTo8x8(TestData.require("mnist").sample(4000, 2)).split(0.2, 2);
        target = TestData.require("digits").split(0.5, 2);
    }

    private static AdaptationResult adapt(AdaptationMethod method) {
        DomainAdapter adapter = new DomainAdapter(4, 64, 1e-3f, 5);
        try (NDManager m = TestData.manager();
             Network sourceOnly = adapter.trainSourceOnly(m, NetworkSpec.mlp(64, new int[] {128, 64}, 10), source.get(0))) {
            return adapter.adapt(method, sourceOnly, source.get(0), source.get(1), target.get(0), target.get(1), 5);
        }
    }

    @Test
    void sourceOnlyModelLosesAccuracyOnTheShiftedDomain() {
        AdaptationResult r = adapt(AdaptationMethod.SOURCE_ONLY);

        assertThat(r.sourceAccuracy()).isGreaterThan(0.85);
        assertThat(r.targetSourceOnlyAccuracy()).isLessThan(r.sourceAccuracy() - 0.1);
        assertThat(r.targetAdaptedAccuracy()).isEqualTo(r.targetSourceOnlyAccuracy());
    }

    @Test
    void coralRaisesTargetAccuracyAboveSourceOnly() {
        AdaptationResult r = adapt(AdaptationMethod.CORAL);

        assertThat(r.targetAdaptedAccuracy()).isGreaterThan(r.targetSourceOnlyAccuracy());
    }

    @Test
    void dannRaisesTargetAccuracyAboveSourceOnly() {
        AdaptationResult r = adapt(AdaptationMethod.DANN);

        assertThat(r.targetAdaptedAccuracy()).isGreaterThan(r.targetSourceOnlyAccuracy());
    }

    @Test
    void fineTuningTheHeadOnFiveLabelledDigitsPerClassRaisesTargetAccuracy() {
        AdaptationResult r = adapt(AdaptationMethod.FINETUNE_HEAD);

        assertThat(r.targetAdaptedAccuracy()).isGreaterThan(r.targetSourceOnlyAccuracy() + 0.05);
    }
}
