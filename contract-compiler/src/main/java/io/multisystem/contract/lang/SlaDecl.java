package io.multisystem.contract.lang;

import java.util.List;

/** {@code sla NAME { p99(latency) < 250ms over 5m; error_rate < 1% over 5m; }}. */
public record SlaDecl(String name, List<Objective> objectives, Loc loc) {

    /**
     * One objective. {@code function} is a percentile like "p99", "avg", "max", "min", "count" or null for a plain
     * metric ({@code error_rate}); {@code threshold} is in milliseconds for durations, a fraction (0.01) for percents.
     */
    public record Objective(String function, String metric, String comparator, double threshold, boolean percent,
            long windowMillis, String source, Loc loc) {
    }
}
