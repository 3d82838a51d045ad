package io.multisystem.pipeline.synthetic;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Statistical synthesis learned from a sample: per-column marginals joined by a Gaussian copula, deterministic by
 * seed.
 *
 * <p>Design note (the method of SDV's GaussianCopulaSynthesizer). Fitting maps every value to a uniform score with its
 * column's {@link Marginal}, then to a normal score {@code z = Φ⁻¹(u)}; the correlation matrix of the normal scores
 * (missing values count as 0, the mean) captures the dependence between columns. Sampling draws {@code z ~ N(0, R)}
 * as {@code L g} with {@code R = L Lᵀ} and {@code g} standard normal, and maps each coordinate back through
 * {@code Φ} and its marginal's inverse. {@code R} is made positive definite first by clipping its eigenvalues at 1e-6
 * and rescaling to a unit diagonal, so nearly collinear columns (common in real data) cannot break the factorisation.
 * A sampled row identical to a real row is drawn again (up to 100 times), so no real record is copied verbatim.
 */
public final class GaussianCopula {
    /** How numeric columns are modelled. */
    public enum NumericModel { EMPIRICAL, KDE }

    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

    private final List<Marginal> marginals;
    private final double[][] factor;
    private final Set<List<String>> realRows;
    private final boolean[] integral;

    private GaussianCopula(List<Marginal> marginals, double[][] factor, Set<List<String>> realRows,
                           boolean[] integral) {
        this.marginals = marginals;
        this.factor = factor;
        this.realRows = realRows;
        this.integral = integral;
    }

    /**
     * @throws InvalidInputException with code {@code SAMPLE_TOO_SMALL} with fewer than 2 rows, or
     *     {@code COLUMN_ALL_MISSING} naming a column without a single value
     */
    public static GaussianCopula fit(Table sample, NumericModel model, long seed) {
        if (sample.rows() < 2) {
            throw new InvalidInputException(Errors.COMPONENT, "SAMPLE_TOO_SMALL",
                    "a sample needs at least 2 rows to learn from, has " + sample.rows());
        }
        List<Marginal> marginals = new ArrayList<>();
        for (Column column : sample.columns()) {
            boolean empty = true;
            for (int r = 0; r < column.size() && empty; r++) {
                empty = column.isMissing(r);
            }
            if (empty) {
                throw new InvalidInputException(Errors.COMPONENT, "COLUMN_ALL_MISSING",
                        "column '" + column.name() + "' has no values to learn from; drop it or fill it");
            }
            if (column instanceof Column.Numeric numeric) {
                marginals.add(model == NumericModel.KDE ? Marginal.Kde.fit(numeric) : Marginal.Empirical.fit(numeric));
            } else {
                marginals.add(Marginal.Categories.fit((Column.Categorical) column));
            }
        }
        int d = marginals.size();
        int n = sample.rows();
        SplittableRandom random = new SplittableRandom(seed);
        double[][] z = new double[n][d];
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < n; r++) {
                double u = marginals.get(c).score(r, random);
                z[r][c] = Double.isNaN(u) ? 0 : STANDARD.inverseCumulativeProbability(clamp(u));
            }
        }
        double[][] correlation = correlation(z, d);
        Set<List<String>> realRows = new HashSet<>();
        for (int r = 0; r < n; r++) {
            realRows.add(sample.rowText(r));
        }
        boolean[] integral = new boolean[d];
        for (int c = 0; c < d; c++) {
            integral[c] = sample.columns().get(c) instanceof Column.Numeric numeric && numeric.integral();
        }
        return new GaussianCopula(marginals, choleskyOfNearestCorrelation(correlation), realRows, integral);
    }

    /** {@code rows} new rows; the same seed gives the same table. */
    public Table sample(int rows, long seed) {
        if (rows < 1 || rows > 10_000_000) {
            throw new InvalidInputException(Errors.COMPONENT, "INVALID_ROW_COUNT",
                    "rows must be between 1 and 10,000,000, was " + rows);
        }
        int d = marginals.size();
        SplittableRandom random = new SplittableRandom(seed);
        double[][] numeric = new double[d][];
        String[][] categorical = new String[d][];
        for (int c = 0; c < d; c++) {
            if (marginals.get(c) instanceof Marginal.Categories) {
                categorical[c] = new String[rows];
            } else {
                numeric[c] = new double[rows];
            }
        }
        double[] g = new double[d];
        for (int r = 0; r < rows; r++) {
            for (int attempt = 0; attempt < 100; attempt++) {
                for (int c = 0; c < d; c++) {
                    g[c] = random.nextGaussian();
                }
                for (int c = 0; c < d; c++) {
                    double zc = 0;
                    for (int k = 0; k <= c; k++) {
                        zc += factor[c][k] * g[k];
                    }
                    double u = clamp(STANDARD.cumulativeProbability(zc));
                    Marginal m = marginals.get(c);
                    boolean missing = m.missingRate() > 0 && random.nextDouble() < m.missingRate();
                    if (m instanceof Marginal.Empirical e) {
                        numeric[c][r] = missing ? Double.NaN : e.value(u);
                    } else if (m instanceof Marginal.Kde k) {
                        numeric[c][r] = missing ? Double.NaN : k.value(u);
                    } else {
                        categorical[c][r] = missing ? null : ((Marginal.Categories) m).value(u);
                    }
                }
                if (!isCopy(numeric, categorical, r)) {
                    break;
                }
            }
        }
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < d; c++) {
            Marginal m = marginals.get(c);
            columns.add(categorical[c] != null ? new Column.Categorical(m.name(), categorical[c])
                    : new Column.Numeric(m.name(), numeric[c], integral[c]));
        }
        return new Table(columns);
    }

    /** The correlation matrix the copula uses (after the positive-definite repair). */
    public double[][] correlation() {
        int d = factor.length;
        double[][] r = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int k = 0; k <= Math.min(i, j); k++) {
                    sum += factor[i][k] * factor[j][k];
                }
                r[i][j] = sum;
            }
        }
        return r;
    }

    private boolean isCopy(double[][] numeric, String[][] categorical, int r) {
        List<String> row = new ArrayList<>(marginals.size());
        for (int c = 0; c < marginals.size(); c++) {
            if (categorical[c] != null) {
                row.add(categorical[c][r] == null ? "" : categorical[c][r]);
            } else {
                row.add(new Column.Numeric("", new double[] {numeric[c][r]}, integral[c]).text(0));
            }
        }
        return realRows.contains(row);
    }

    private static double clamp(double u) {
        return Math.max(1e-9, Math.min(1 - 1e-9, u));
    }

    private static double[][] correlation(double[][] z, int d) {
        int n = z.length;
        double[] mean = new double[d];
        for (double[] row : z) {
            for (int c = 0; c < d; c++) {
                mean[c] += row[c] / n;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] row : z) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    cov[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]);
                }
            }
        }
        double[][] r = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double denominator = Math.sqrt(cov[i][i] * cov[j][j]);
                r[i][j] = r[j][i] = i == j ? 1.0 : denominator == 0 ? 0 : cov[i][j] / denominator;
            }
        }
        return r;
    }

    private static double[][] choleskyOfNearestCorrelation(double[][] r) {
        int d = r.length;
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(r));
        RealMatrix v = eigen.getV();
        double[] values = eigen.getRealEigenvalues();
        double[][] repaired = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    sum += v.getEntry(i, k) * Math.max(1e-6, values[k]) * v.getEntry(j, k);
                }
                repaired[i][j] = sum;
            }
        }
        double[][] scaled = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                scaled[i][j] = repaired[i][j] / Math.sqrt(repaired[i][i] * repaired[j][j]);
            }
        }
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = scaled[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j][j];
            }
        }
        return l;
    }
}
