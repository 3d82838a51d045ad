package io.multisystem.pipeline.synthetic;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Does synthetic data give away real records? Counts synthetic rows identical to a real row, and measures each
 * synthetic row's distance to the closest real record (DCR), next to the same distance from real rows to the other real
 * rows as a baseline: synthetic rows much closer to real ones than real rows are to each other suggest memorisation.
 *
 * <p>Design note: the distance is the mean over columns of a per-column distance in [0, 1]: for numbers
 * {@code |a - b| / (max - min)} over the real range (capped at 1), for categories 0 when equal and 1 otherwise, and 1
 * when exactly one side is missing. It is O(synthetic x real x columns), so at most 2,000 synthetic and 10,000 real
 * rows are compared (a seeded sample beyond that).
 */
public record PrivacyCheck(int syntheticRows, int copiedRows, double dcrMinimum, double dcrMedian,
                           double baselineMedian) {
    private static final int MAX_SYNTHETIC = 2_000;
    private static final int MAX_REAL = 10_000;

    public static PrivacyCheck evaluate(Table real, Table synthetic) {
        QualityReport.requireSameShape(real, synthetic);
        Set<List<String>> realRows = new HashSet<>();
        for (int r = 0; r < real.rows(); r++) {
            realRows.add(real.rowText(r));
        }
        int copied = 0;
        for (int r = 0; r < synthetic.rows(); r++) {
            if (realRows.contains(synthetic.rowText(r))) {
                copied++;
            }
        }
        double[] ranges = new double[real.columns().size()];
        for (int c = 0; c < ranges.length; c++) {
            if (real.columns().get(c) instanceof Column.Numeric n) {
                double[] sorted = n.sortedPresent();
                ranges[c] = sorted.length == 0 ? 0 : sorted[sorted.length - 1] - sorted[0];
            }
        }
        int[] realSample = sample(real.rows(), MAX_REAL, 1);
        int[] synthSample = sample(synthetic.rows(), MAX_SYNTHETIC, 2);
        double[] dcr = new double[synthSample.length];
        for (int i = 0; i < synthSample.length; i++) {
            double best = Double.MAX_VALUE;
            for (int r : realSample) {
                best = Math.min(best, distance(synthetic, synthSample[i], real, r, ranges));
            }
            dcr[i] = best;
        }
        int[] baselineRows = sample(real.rows(), MAX_SYNTHETIC, 3);
        double[] baseline = new double[baselineRows.length];
        for (int i = 0; i < baselineRows.length; i++) {
            double best = Double.MAX_VALUE;
            for (int r : realSample) {
                if (r != baselineRows[i]) {
                    best = Math.min(best, distance(real, baselineRows[i], real, r, ranges));
                }
            }
            baseline[i] = best == Double.MAX_VALUE ? 0 : best;
        }
        Arrays.sort(dcr);
        Arrays.sort(baseline);
        return new PrivacyCheck(synthetic.rows(), copied, dcr.length == 0 ? 0 : dcr[0], median(dcr), median(baseline));
    }

    private static double distance(Table a, int ra, Table b, int rb, double[] ranges) {
        double sum = 0;
        int columns = a.columns().size();
        for (int c = 0; c < columns; c++) {
            Column ca = a.columns().get(c);
            Column cb = b.columns().get(c);
            boolean ma = ca.isMissing(ra);
            boolean mb = cb.isMissing(rb);
            if (ma || mb) {
                sum += ma == mb ? 0 : 1;
            } else if (ca instanceof Column.Numeric na) {
                double diff = Math.abs(na.values()[ra] - ((Column.Numeric) cb).values()[rb]);
                sum += ranges[c] == 0 ? (diff == 0 ? 0 : 1) : Math.min(1, diff / ranges[c]);
            } else {
                sum += ((Column.Categorical) ca).values()[ra].equals(((Column.Categorical) cb).values()[rb]) ? 0 : 1;
            }
        }
        return sum / columns;
    }

    private static int[] sample(int rows, int max, long seed) {
        if (rows <= max) {
            int[] all = new int[rows];
            for (int i = 0; i < rows; i++) {
                all[i] = i;
            }
            return all;
        }
        return new SplittableRandom(seed).ints(0, rows).distinct().limit(max).sorted().toArray();
    }

    private static double median(double[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
