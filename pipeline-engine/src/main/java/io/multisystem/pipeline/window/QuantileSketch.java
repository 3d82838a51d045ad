package io.multisystem.pipeline.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Approximate quantiles with a KLL-style sketch (Karnin, Lang, Liberty, FOCS 2016): level {@code h} holds items of
 * weight 2^h; when the sketch exceeds its capacity the lowest full level is sorted and every other item (alternating
 * offset, deterministic) is promoted to the next level. With capacity {@value #K} per level the rank error is about 1%
 * of n; inputs of at most {@value #K} values are answered exactly (nearest-rank on sorted values with linear
 * interpolation). Merging concatenates levels and compacts. Not thread-safe.
 */
final class QuantileSketch implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int K = 256;

    private final List<double[]> levels = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private boolean flip;

    void add(double v) {
        append(0, v);
        compactIfNeeded();
    }

    private void append(int level, double v) {
        while (levels.size() <= level) {
            levels.add(new double[K * 2]);
            sizes.add(0);
        }
        double[] items = levels.get(level);
        int n = sizes.get(level);
        if (n == items.length) {
            items = Arrays.copyOf(items, n * 2);
            levels.set(level, items);
        }
        items[n] = v;
        sizes.set(level, n + 1);
    }

    private void compactIfNeeded() {
        for (int h = 0; h < levels.size(); h++) {
            int n = sizes.get(h);
            if (n < K) {
                continue;
            }
            double[] items = levels.get(h);
            Arrays.sort(items, 0, n);
            int start = flip ? 1 : 0;
            flip = !flip;
            int keep = n % 2; // an odd item out stays at this level
            double leftover = keep == 1 ? items[n - 1] : 0;
            int pairs = n - keep;
            double[] promoted = new double[pairs / 2];
            for (int i = start, j = 0; j < promoted.length; i += 2, j++) {
                promoted[j] = items[i];
            }
            sizes.set(h, 0);
            if (keep == 1) {
                append(h, leftover);
            }
            for (double p : promoted) {
                append(h + 1, p);
            }
        }
    }

    void merge(QuantileSketch other) {
        for (int h = 0; h < other.levels.size(); h++) {
            double[] items = other.levels.get(h);
            for (int i = 0; i < other.sizes.get(h); i++) {
                append(h, items[i]);
            }
        }
        compactIfNeeded();
    }

    /** The q-quantile, or {@code null} when empty. */
    Double quantile(double q) {
        int total = 0;
        for (int n : sizes) {
            total += n;
        }
        if (total == 0) {
            return null;
        }
        double[] values = new double[total];
        long[] weights = new long[total];
        int k = 0;
        long n = 0;
        for (int h = 0; h < levels.size(); h++) {
            double[] items = levels.get(h);
            for (int i = 0; i < sizes.get(h); i++) {
                values[k] = items[i];
                weights[k++] = 1L << h;
                n += 1L << h;
            }
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        if (levels.size() == 1) {
            // exact: linear interpolation between closest ranks, as numpy's default
            double pos = q * (total - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(total - 1, lo + 1);
            double a = values[order[lo]];
            double b = values[order[hi]];
            return a + (b - a) * (pos - lo);
        }
        double target = q * n;
        long cumulative = 0;
        for (Integer i : order) {
            cumulative += weights[i];
            if (cumulative >= target) {
                return values[i];
            }
        }
        return values[order[total - 1]];
    }
}
