package io.multisystem.pipeline.synthetic;

import io.multisystem.core.error.InvalidInputException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QualityFormulasTest {
    private static Table table(double[] x, double[] y, String[] c) {
        return new Table(List.of(Column.Numeric.of("x", x), Column.Numeric.of("y", y), new Column.Categorical("c", c)));
    }

    @Test
    void identicalTablesScorePerfectly() {
        Table t = table(new double[] {1, 2, 3, 4}, new double[] {2, 4, 6, 9}, new String[] {"a", "b", "a", "a"});

        QualityReport report = QualityReport.evaluate(t, t);

        assertThat(report.overall()).isEqualTo(1.0);
        assertThat(report.columns()).extracting(QualityReport.ColumnScore::metric)
                .containsExactly("KSComplement", "KSComplement", "TVComplement");
        assertThat(report.pairs()).extracting(QualityReport.PairScore::metric)
                .containsExactly("CorrelationSimilarity", "ContingencySimilarity", "ContingencySimilarity");
    }

    @Test
    void metricsFollowTheSdmetricsFormulas() {
        Table real = table(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4}, new String[] {"a", "a", "b", "b"});
        Table synthetic = table(new double[] {3, 4, 5, 6}, new double[] {4, 3, 2, 1},
                new String[] {"a", "b", "b", "b"});

        QualityReport report = QualityReport.evaluate(real, synthetic);

        // KS: real CDF at 2 is 0.5 while the synthetic one is 0 there -> D = 0.5.
        assertThat(report.columns().get(0).score()).isCloseTo(0.5, within(1e-12));
        // TV: |0.5 - 0.25| + |0.5 - 0.75| = 0.5 -> 1 - 0.25.
        assertThat(report.columns().get(2).score()).isCloseTo(0.75, within(1e-12));
        // Correlations +1 and -1 -> 1 - 2/2 = 0.
        assertThat(report.pairs().get(1).left()).isEqualTo("x");
        assertThat(report.pairs().stream().filter(p -> p.left().equals("x") && p.right().equals("y")).findFirst()
                .orElseThrow().score()).isCloseTo(0.0, within(1e-12));
        assertThat(report.overall()).isCloseTo((report.columnShapes() + report.columnPairTrends()) / 2,
                within(1e-12));
    }

    @Test
    void privacyCountsCopiedRowsAndDistances() {
        Table real = table(new double[] {0, 10}, new double[] {0, 10}, new String[] {"a", "b"});
        Table synthetic = table(new double[] {0, 5}, new double[] {0, 5}, new String[] {"a", "a"});

        PrivacyCheck privacy = PrivacyCheck.evaluate(real, synthetic);

        assertThat(privacy.copiedRows()).isEqualTo(1);
        assertThat(privacy.dcrMinimum()).isZero();
        assertThat(privacy.baselineMedian()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void differentColumnsCannotBeCompared() {
        Table a = table(new double[] {1}, new double[] {1}, new String[] {"a"});
        Table b = new Table(List.of(Column.Numeric.of("x", new double[] {1})));

        assertThatThrownBy(() -> QualityReport.evaluate(a, b)).isInstanceOf(InvalidInputException.class)
                .extracting("code").isEqualTo("SCHEMA_MISMATCH");
    }

    @Test
    void samplingIsDeterministicBySeedAndKeepsTypesMissingRatesAndRanges() {
        Table sample = TableCsv.parse("""
                age,city,score
                31,paris,1.5
                45,lyon,
                27,paris,2.25
                52,,3.0
                38,nice,2.5
                29,paris,1.75
                """, "inline", Set.of());
        GaussianCopula model = GaussianCopula.fit(sample, GaussianCopula.NumericModel.EMPIRICAL, 1);

        Table a = model.sample(500, 9);
        Table b = model.sample(500, 9);

        assertThat(TableCsv.toCsv(a)).isEqualTo(TableCsv.toCsv(b)).isNotEqualTo(TableCsv.toCsv(model.sample(500, 10)));
        Column.Numeric age = (Column.Numeric) a.column("age");
        assertThat(age.integral()).isTrue();
        assertThat(java.util.Arrays.stream(age.sortedPresent()).boxed().toList()).allMatch(v -> v >= 27 && v <= 52);
        assertThat(((Column.Categorical) a.column("city")).values()).containsOnly("paris", "lyon", "nice", null);
        long missingScores = java.util.Arrays.stream(((Column.Numeric) a.column("score")).values())
                .filter(Double::isNaN).count();
        assertThat(missingScores).isBetween(40L, 135L);
    }

    @Test
    void badSamplesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> GaussianCopula.fit(TableCsv.parse("a\n1\n", "one-row", Set.of()),
                GaussianCopula.NumericModel.EMPIRICAL, 1)).extracting("code").isEqualTo("SAMPLE_TOO_SMALL");
        assertThatThrownBy(() -> TableCsv.parse("a,b\n1,2\n3\n", "ragged.csv", Set.of()))
                .hasMessageContaining("ragged.csv:3").extracting("code").isEqualTo("CSV_INVALID");
        assertThatThrownBy(() -> GaussianCopula.fit(TableCsv.parse("a,b\n1,\n2,\n", "x", Set.of()),
                GaussianCopula.NumericModel.EMPIRICAL, 1)).hasMessageContaining("'b'")
                .extracting("code").isEqualTo("COLUMN_ALL_MISSING");
    }
}
