package io.multisystem.pipeline.synthetic;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The targets on real data: overall quality at least 0.85 and no copied rows, on wine, breast cancer, iris. */
class SyntheticQualityTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"wine_data.csv,EMPIRICAL", "breast_cancer.csv,EMPIRICAL", "iris.csv,EMPIRICAL",
            "wine_data.csv,KDE", "iris.csv,KDE"})
    void gaussianCopulaMeetsTheQualityAndPrivacyTargets(String file, GaussianCopula.NumericModel model) {
        Table real = TableCsv.read(SklearnData.require(file), Set.of());

        Table synthetic = GaussianCopula.fit(real, model, 7).sample(real.rows(), 11);
        QualityReport quality = QualityReport.evaluate(real, synthetic);
        PrivacyCheck privacy = PrivacyCheck.evaluate(real, synthetic);

        System.out.printf("%s %s: overall %.4f shapes %.4f trends %.4f copied %d dcr median %.4f baseline %.4f%n",
                file, model, quality.overall(), quality.columnShapes(), quality.columnPairTrends(),
                privacy.copiedRows(), privacy.dcrMedian(), privacy.baselineMedian());
        assertThat(quality.overall()).isGreaterThanOrEqualTo(0.85);
        assertThat(privacy.copiedRows()).isZero();
        assertThat(privacy.dcrMinimum()).isPositive();
    }
}
