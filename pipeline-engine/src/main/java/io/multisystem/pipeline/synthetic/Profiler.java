package io.multisystem.pipeline.synthetic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Per-column summary statistics of a table: what `profile` prints and what a synthesizer must reproduce. */
public final class Profiler {
    private Profiler() {
    }

    /**
     * One column's profile. Numeric fields are null for categorical columns and {@code top} is empty for numeric ones.
     *
     * @param top the five most frequent values with their counts, most frequent first
     */
    public record ColumnProfile(String name, String kind, int count, int missing, int distinct, Double mean,
                                Double stddev, Double min, Double p25, Double median, Double p75, Double max,
                                List<Map.Entry<String, Integer>> top) {
    }

    public static List<ColumnProfile> profile(Table table) {
        List<ColumnProfile> out = new ArrayList<>();
        for (Column column : table.columns()) {
            int n = column.size();
            Map<String, Integer> counts = new HashMap<>();
            int missing = 0;
            for (int r = 0; r < n; r++) {
                if (column.isMissing(r)) {
                    missing++;
                } else {
                    counts.merge(column.text(r), 1, Integer::sum);
                }
            }
            if (column instanceof Column.Numeric numeric) {
                double[] sorted = numeric.sortedPresent();
                double mean = 0;
                for (double v : sorted) {
                    mean += v / sorted.length;
                }
                double ss = 0;
                for (double v : sorted) {
                    ss += (v - mean) * (v - mean);
                }
                boolean empty = sorted.length == 0;
                out.add(new ColumnProfile(column.name(), "number", n - missing, missing, counts.size(),
                        empty ? null : mean, empty ? null : Math.sqrt(ss / Math.max(1, sorted.length - 1)),
                        empty ? null : sorted[0], empty ? null : quantile(sorted, 0.25),
                        empty ? null : quantile(sorted, 0.5), empty ? null : quantile(sorted, 0.75),
                        empty ? null : sorted[sorted.length - 1], List.of()));
            } else {
                List<Map.Entry<String, Integer>> top = counts.entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                        .limit(5).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
                out.add(new ColumnProfile(column.name(), "category", n - missing, missing, counts.size(), null, null,
                        null, null, null, null, null, top));
            }
        }
        return out;
    }

    /** Linear interpolation between closest ranks (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(sorted.length - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
