package io.multisystem.pipeline.synthetic;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A fitted one-column distribution that maps values to uniform scores in (0, 1) and back, the two halves of a copula.
 *
 * <p>Design note. Numbers: {@link Empirical} uses the rank-based CDF {@code (rank - 0.5) / n} (ties get their average
 * rank) to score values, and samples by linear interpolation between order statistics, a continuous distribution
 * confined to the observed range; {@link Kde} replaces it with a Gaussian kernel density (Silverman's bandwidth)
 * tabulated on a 1,024-point grid and inverted by interpolation, then clamped to the observed range. Samples are
 * rounded to the column's observed decimal precision (at most 8 places), so an integer column stays integer.
 * Categories: each category owns an interval of (0, 1) as wide as its frequency, most frequent first (SDV's
 * approach); a value scores uniformly inside its interval, and a score maps back to the category whose interval holds
 * it. Missing values are drawn independently at the observed rate.
 */
public sealed interface Marginal permits Marginal.Empirical, Marginal.Kde, Marginal.Categories {
    /** Uniform score of row {@code r} of the fitted column; NaN when the value is missing. */
    double score(int r, RandomGenerator random);

    /** The probability that a value is missing. */
    double missingRate();

    String name();

    static int decimals(double[] sorted) {
        int decimals = 0;
        for (double v : sorted) {
            int scale = BigDecimal.valueOf(v).stripTrailingZeros().scale();
            decimals = Math.max(decimals, Math.min(8, scale));
            if (decimals == 8) {
                break;
            }
        }
        return decimals;
    }

    static double round(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }

    /** Average-rank scores of a numeric column's present values. */
    static double[] rankScores(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] scores = new double[n];
        Arrays.fill(scores, Double.NaN);
        int present = (int) Arrays.stream(values).filter(v -> !Double.isNaN(v)).count();
        int i = 0;
        while (i < n && !Double.isNaN(values[order[i]])) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                scores[order[k]] = (averageRank - 0.5) / present;
            }
            i = j + 1;
        }
        return scores;
    }

    /** Interpolated empirical distribution of a numeric column. */
    record Empirical(String name, double[] sorted, double[] scores, int decimals, double missingRate)
            implements Marginal {
        static Empirical fit(Column.Numeric column) {
            double[] sorted = column.sortedPresent();
            return new Empirical(column.name(), sorted, rankScores(column.values()), Marginal.decimals(sorted),
                    1.0 - (double) sorted.length / column.size());
        }

        @Override
        public double score(int r, RandomGenerator random) {
            return scores[r];
        }

        /** The value at uniform score {@code u}. */
        public double value(double u) {
            int n = sorted.length;
            double position = Math.max(0, Math.min(n - 1, u * n - 0.5));
            int low = (int) Math.floor(position);
            int high = Math.min(n - 1, low + 1);
            double v = sorted[low] + (position - low) * (sorted[high] - sorted[low]);
            return round(v, decimals);
        }
    }

    /** Gaussian kernel density of a numeric column, tabulated for inversion. */
    record Kde(String name, double[] grid, double[] cdf, double[] scores, double min, double max, int decimals,
               double missingRate) implements Marginal {
        private static final int GRID = 1024;

        static Kde fit(Column.Numeric column) {
            double[] sorted = column.sortedPresent();
            int n = sorted.length;
            double mean = Arrays.stream(sorted).average().orElse(0);
            double sd = Math.sqrt(Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, n - 1));
            double iqr = sorted[(int) (0.75 * (n - 1))] - sorted[(int) (0.25 * (n - 1))];
            double spread = Math.min(sd, iqr > 0 ? iqr / 1.34 : sd);
            double h = spread > 0 ? 0.9 * spread * Math.pow(n, -0.2) : 1e-9;
            double lo = sorted[0] - 3 * h;
            double hi = sorted[n - 1] + 3 * h;
            double[] grid = new double[GRID];
            double[] cdf = new double[GRID];
            org.apache.commons.math3.distribution.NormalDistribution standard =
                    new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1);
            // Beyond 4,096 points, an evenly thinned sorted sample gives the same density to within the grid's error.
            double[] basis = sorted;
            if (n > 4096) {
                basis = new double[4096];
                for (int i = 0; i < basis.length; i++) {
                    basis[i] = sorted[(int) ((long) i * (n - 1) / (basis.length - 1))];
                }
            }
            for (int g = 0; g < GRID; g++) {
                grid[g] = lo + (hi - lo) * g / (GRID - 1);
                double sum = 0;
                for (double v : basis) {
                    sum += standard.cumulativeProbability((grid[g] - v) / h);
                }
                cdf[g] = sum / basis.length;
            }
            double[] scores = new double[column.size()];
            for (int r = 0; r < scores.length; r++) {
                double v = column.values()[r];
                scores[r] = Double.isNaN(v) ? Double.NaN : clampScore(interpolate(grid, cdf, v));
            }
            return new Kde(column.name(), grid, cdf, scores, sorted[0], sorted[n - 1], Marginal.decimals(sorted),
                    1.0 - (double) n / column.size());
        }

        @Override
        public double score(int r, RandomGenerator random) {
            return scores[r];
        }

        public double value(double u) {
            double v = interpolate(cdf, grid, u);
            return round(Math.max(min, Math.min(max, v)), decimals);
        }

        private static double clampScore(double u) {
            return Math.max(1e-6, Math.min(1 - 1e-6, u));
        }

        /** Piecewise-linear y(x) over ascending xs (non-decreasing is fine). */
        private static double interpolate(double[] xs, double[] ys, double x) {
            int i = Arrays.binarySearch(xs, x);
            if (i >= 0) {
                return ys[i];
            }
            int high = -i - 1;
            if (high == 0) {
                return ys[0];
            }
            if (high >= xs.length) {
                return ys[ys.length - 1];
            }
            int low = high - 1;
            double span = xs[high] - xs[low];
            return span == 0 ? ys[low] : ys[low] + (x - xs[low]) / span * (ys[high] - ys[low]);
        }
    }

    /** Frequencies of a categorical column as intervals of (0, 1). */
    record Categories(String name, List<String> categories, double[] upperBounds, String[] values,
                      double missingRate) implements Marginal {
        static Categories fit(Column.Categorical column) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            int present = 0;
            for (String v : column.values()) {
                if (v != null) {
                    counts.merge(v, 1, Integer::sum);
                    present++;
                }
            }
            List<String> categories = counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey).toList();
            double[] upper = new double[categories.size()];
            double cumulative = 0;
            for (int k = 0; k < categories.size(); k++) {
                cumulative += (double) counts.get(categories.get(k)) / Math.max(1, present);
                upper[k] = cumulative;
            }
            if (upper.length > 0) {
                upper[upper.length - 1] = 1.0;
            }
            return new Categories(column.name(), categories, upper, column.values(),
                    1.0 - (double) present / column.size());
        }

        @Override
        public double score(int r, RandomGenerator random) {
            String v = values[r];
            if (v == null) {
                return Double.NaN;
            }
            int k = categories.indexOf(v);
            double lower = k == 0 ? 0 : upperBounds[k - 1];
            double u = lower + (upperBounds[k] - lower) * (0.05 + 0.9 * random.nextDouble());
            return Math.max(1e-6, Math.min(1 - 1e-6, u));
        }

        public String value(double u) {
            for (int k = 0; k < upperBounds.length; k++) {
                if (u < upperBounds[k]) {
                    return categories.get(k);
                }
            }
            return categories.get(categories.size() - 1);
        }
    }
}
