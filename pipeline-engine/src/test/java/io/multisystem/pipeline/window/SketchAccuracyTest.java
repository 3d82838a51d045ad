package io.multisystem.pipeline.window;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class SketchAccuracyTest {
    @Test
    void distinctCountIsExactForSmallSetsAndWithinFivePercentForLargeOnes() {
        DistinctSketch small = new DistinctSketch();
        for (int i = 0; i < 1000; i++) {
            small.add("v" + (i % 200));
        }
        assertThat(small.estimate()).isEqualTo(200);

        DistinctSketch left = new DistinctSketch();
        DistinctSketch right = new DistinctSketch();
        for (long i = 0; i < 100_000; i++) {
            (i % 2 == 0 ? left : right).add(i % 60_000);
        }
        left.merge(right);
        assertThat((double) left.estimate()).isCloseTo(60_000, offset(3_000.0));
    }

    @Test
    void quantilesAreExactForSmallInputsAndWithinTwoPercentOfRankForLargeOnes() {
        QuantileSketch exact = new QuantileSketch();
        for (int i = 1; i <= 101; i++) {
            exact.add(i);
        }
        assertThat(exact.quantile(0.5)).isEqualTo(51.0);
        assertThat(exact.quantile(0.9)).isEqualTo(91.0);

        SplittableRandom random = new SplittableRandom(1);
        double[] values = new double[200_000];
        QuantileSketch a = new QuantileSketch();
        QuantileSketch b = new QuantileSketch();
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * 10 + 50;
            (i % 3 == 0 ? a : b).add(values[i]);
        }
        a.merge(b);
        Arrays.sort(values);
        for (double q : new double[] {0.1, 0.5, 0.9, 0.99}) {
            double estimate = a.quantile(q);
            int rank = Arrays.binarySearch(values, estimate);
            rank = rank < 0 ? -rank - 1 : rank;
            assertThat((double) rank / values.length).as("rank of q=" + q).isCloseTo(q, offset(0.02));
        }
    }
}
