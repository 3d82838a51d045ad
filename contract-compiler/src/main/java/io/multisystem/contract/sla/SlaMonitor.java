package io.multisystem.contract.sla;

import io.multisystem.contract.lang.SlaDecl;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stateful evaluation of an {@code sla}: keeps each metric's recent samples (time-ordered deque, trimmed to the
 * longest window of the SLA and to {@code maxSamples}) and evaluates each objective over its own window: nearest-rank
 * percentiles ({@code p50..p999}), {@code avg}, {@code min}, {@code max}, {@code count}; a plain metric (e.g.
 * {@code error_rate}, fed with 0/1 per request) is averaged. An objective with no samples in its window is met
 * (nothing violated it) and reports 0 samples.
 */
public final class SlaMonitor {
    public record Status(String sla, String objective, boolean met, double actual, double threshold, long samples,
            long windowMillis) {
    }

    private record Sample(long at, double value) {
    }

    private final SlaDecl decl;
    private final Clock clock;
    private final int maxSamples;
    private final long horizon;
    private final Map<String, Deque<Sample>> samples = new HashMap<>();

    public SlaMonitor(SlaDecl decl, Clock clock, int maxSamples) {
        this.decl = decl;
        this.clock = clock;
        this.maxSamples = maxSamples;
        this.horizon = decl.objectives().stream().mapToLong(SlaDecl.Objective::windowMillis).max().orElse(0);
    }

    public SlaDecl decl() {
        return decl;
    }

    public synchronized void record(String metric, double value, long atMillis) {
        Deque<Sample> d = samples.computeIfAbsent(metric, k -> new ArrayDeque<>());
        long at = atMillis == 0 ? clock.millis() : atMillis;
        d.addLast(new Sample(at, value));
        while (d.size() > maxSamples) {
            d.removeFirst();
        }
    }

    public synchronized List<Status> evaluate() {
        long now = clock.millis();
        List<Status> out = new ArrayList<>();
        for (Deque<Sample> d : samples.values()) {
            while (!d.isEmpty() && d.peekFirst().at() < now - horizon) {
                d.removeFirst();
            }
        }
        for (SlaDecl.Objective o : decl.objectives()) {
            Deque<Sample> d = samples.getOrDefault(o.metric(), new ArrayDeque<>());
            double[] vals = d.stream().filter(s -> s.at() >= now - o.windowMillis() && s.at() <= now)
                    .mapToDouble(Sample::value).toArray();
            double actual = aggregate(o.function(), vals);
            boolean met = vals.length == 0 || compare(actual, o.comparator(), o.threshold());
            out.add(new Status(decl.name(), o.source(), met, actual, o.threshold(), vals.length, o.windowMillis()));
        }
        return out;
    }

    static double aggregate(String fn, double[] vals) {
        if (vals.length == 0) {
            return 0;
        }
        if (fn == null || fn.equals("avg")) {
            return Arrays.stream(vals).average().orElse(0);
        }
        switch (fn) {
            case "min": return Arrays.stream(vals).min().orElse(0);
            case "max": return Arrays.stream(vals).max().orElse(0);
            case "count": return vals.length;
            default: {
                double q = Double.parseDouble(fn.substring(1)) / (fn.length() == 4 ? 1000.0 : 100.0);
                double[] sorted = vals.clone();
                Arrays.sort(sorted);
                int rank = (int) Math.ceil(q * sorted.length);
                return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
            }
        }
    }

    private static boolean compare(double a, String cmp, double b) {
        switch (cmp) {
            case "<": return a < b;
            case "<=": return a <= b;
            case ">": return a > b;
            default: return a >= b;
        }
    }
}
