package io.multisystem.pipeline.synthetic;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How closely synthetic data follows real data, with SDMetrics' single-table quality-report formulas.
 *
 * <p>Design note. Column shapes: KSComplement {@code 1 - D} for numbers, where {@code D} is the two-sample
 * Kolmogorov–Smirnov statistic (the largest gap between the empirical CDFs); TVComplement
 * {@code 1 - ½ Σ|p_real(c) - p_synth(c)|} for categories. Column pair trends: CorrelationSimilarity
 * {@code 1 - |ρ_real - ρ_synth| / 2} (Pearson) for two numeric columns; ContingencySimilarity
 * {@code 1 - ½ ΣΣ|P_real(a,b) - P_synth(a,b)|} when a categorical column is involved, with numbers cut into 10
 * equal-width bins over the real range (synthetic values outside fall in the edge bins). Missing values are left out.
 * Each property score is the mean over its columns or pairs; the overall score is the mean of the two properties.
 */
public record QualityReport(double overall, double columnShapes, double columnPairTrends,
                            List<ColumnScore> columns, List<PairScore> pairs) {

    /** One column's score and the metric that gave it. */
    public record ColumnScore(String column, String metric, double score) {
    }

    /** One pair's score and the metric that gave it. */
    public record PairScore(String left, String right, String metric, double score) {
    }

    /**
     * @throws InvalidInputException with code {@code SCHEMA_MISMATCH} unless both tables have the same column names,
     *     order and kinds
     */
    public static QualityReport evaluate(Table real, Table synthetic) {
        requireSameShape(real, synthetic);
        List<ColumnScore> columns = new ArrayList<>();
        for (int c = 0; c < real.columns().size(); c++) {
            Column r = real.columns().get(c);
            Column s = synthetic.columns().get(c);
            if (r instanceof Column.Numeric rn) {
                columns.add(new ColumnScore(r.name(), "KSComplement", 1 - ksStatistic(rn, (Column.Numeric) s)));
            } else {
                columns.add(new ColumnScore(r.name(), "TVComplement",
                        tvComplement((Column.Categorical) r, (Column.Categorical) s)));
            }
        }
        List<PairScore> pairs = new ArrayList<>();
        for (int i = 0; i < real.columns().size(); i++) {
            for (int j = i + 1; j < real.columns().size(); j++) {
                Column ri = real.columns().get(i);
                Column rj = real.columns().get(j);
                Column si = synthetic.columns().get(i);
                Column sj = synthetic.columns().get(j);
                if (ri instanceof Column.Numeric && rj instanceof Column.Numeric) {
                    double a = pearson((Column.Numeric) ri, (Column.Numeric) rj);
                    double b = pearson((Column.Numeric) si, (Column.Numeric) sj);
                    pairs.add(new PairScore(ri.name(), rj.name(), "CorrelationSimilarity",
                            1 - Math.abs(a - b) / 2));
                } else {
                    Binning bi = Binning.of(ri);
                    Binning bj = Binning.of(rj);
                    double score = 1 - 0.5 * totalVariation(joint(ri, rj, bi, bj), joint(si, sj, bi, bj));
                    pairs.add(new PairScore(ri.name(), rj.name(), "ContingencySimilarity", score));
                }
            }
        }
        double shapes = columns.stream().mapToDouble(ColumnScore::score).average().orElse(1);
        double trends = pairs.stream().mapToDouble(PairScore::score).average().orElse(shapes);
        return new QualityReport((shapes + trends) / 2, shapes, trends, columns, pairs);
    }

    static void requireSameShape(Table real, Table synthetic) {
        boolean same = real.columns().size() == synthetic.columns().size();
        for (int c = 0; same && c < real.columns().size(); c++) {
            Column r = real.columns().get(c);
            Column s = synthetic.columns().get(c);
            same = r.name().equals(s.name()) && r.getClass() == s.getClass();
        }
        if (!same) {
            throw new InvalidInputException(Errors.COMPONENT, "SCHEMA_MISMATCH",
                    "real and synthetic tables must have the same columns in the same order and of the same kind; real "
                            + describe(real) + ", synthetic " + describe(synthetic));
        }
    }

    private static String describe(Table t) {
        List<String> parts = new ArrayList<>();
        t.columns().forEach(c -> parts.add(c.name() + (c instanceof Column.Numeric ? ":number" : ":category")));
        return parts.toString();
    }

    /** Two-sample Kolmogorov–Smirnov statistic over the present values. */
    static double ksStatistic(Column.Numeric a, Column.Numeric b) {
        double[] x = a.sortedPresent();
        double[] y = b.sortedPresent();
        if (x.length == 0 || y.length == 0) {
            return x.length == y.length ? 0 : 1;
        }
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] <= v) {
                i++;
            }
            while (j < y.length && y[j] <= v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }

    static double tvComplement(Column.Categorical a, Column.Categorical b) {
        return 1 - 0.5 * totalVariation(frequencies(a.values()), frequencies(b.values()));
    }

    private static Map<String, Double> frequencies(String[] values) {
        Map<String, Double> f = new HashMap<>();
        long present = Arrays.stream(values).filter(v -> v != null).count();
        for (String v : values) {
            if (v != null) {
                f.merge(v, 1.0 / present, Double::sum);
            }
        }
        return f;
    }

    private static double totalVariation(Map<String, Double> p, Map<String, Double> q) {
        Set<String> keys = new HashSet<>(p.keySet());
        keys.addAll(q.keySet());
        double sum = 0;
        for (String k : keys) {
            sum += Math.abs(p.getOrDefault(k, 0.0) - q.getOrDefault(k, 0.0));
        }
        return sum;
    }

    static double pearson(Column.Numeric a, Column.Numeric b) {
        double[] x = a.values();
        double[] y = b.values();
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int r = 0; r < x.length; r++) {
            if (!Double.isNaN(x[r]) && !Double.isNaN(y[r])) {
                sx += x[r];
                sy += y[r];
                n++;
            }
        }
        if (n < 2) {
            return 0;
        }
        double mx = sx / n;
        double my = sy / n;
        double cxy = 0;
        double cxx = 0;
        double cyy = 0;
        for (int r = 0; r < x.length; r++) {
            if (!Double.isNaN(x[r]) && !Double.isNaN(y[r])) {
                cxy += (x[r] - mx) * (y[r] - my);
                cxx += (x[r] - mx) * (x[r] - mx);
                cyy += (y[r] - my) * (y[r] - my);
            }
        }
        return cxx == 0 || cyy == 0 ? 0 : cxy / Math.sqrt(cxx * cyy);
    }

    private static Map<String, Double> joint(Column a, Column b, Binning ba, Binning bb) {
        Map<String, Double> counts = new HashMap<>();
        int n = 0;
        for (int r = 0; r < a.size(); r++) {
            if (!a.isMissing(r) && !b.isMissing(r)) {
                counts.merge(ba.label(a, r) + "\u0000" + bb.label(b, r), 1.0, Double::sum);
                n++;
            }
        }
        int total = n;
        counts.replaceAll((k, v) -> v / total);
        return counts;
    }

    /** Categories stay themselves; numbers become one of 10 equal-width bins over the real column's range. */
    private record Binning(double min, double width) {
        static Binning of(Column real) {
            if (!(real instanceof Column.Numeric n)) {
                return new Binning(0, 0);
            }
            double[] sorted = n.sortedPresent();
            double min = sorted.length == 0 ? 0 : sorted[0];
            double max = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
            return new Binning(min, (max - min) / 10);
        }

        String label(Column column, int r) {
            if (column instanceof Column.Categorical c) {
                return c.values()[r];
            }
            double v = ((Column.Numeric) column).values()[r];
            int bin = width == 0 ? 0 : (int) Math.floor((v - min) / width);
            return Integer.toString(Math.max(0, Math.min(9, bin)));
        }
    }
}
