package io.multisystem.symbolic.saturation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The equality-saturation loop, as egg's {@code Runner}: each iteration searches every rule on the clean e-graph
 * (through the {@link BackoffScheduler}), then applies all matches whose conditions hold, then rebuilds. Limits are
 * checked before each iteration and after each rule's search and application; an interrupted iteration still
 * rebuilds, so the e-graph is always left consistent. An optional goal is checked after every rebuild.
 */
final class Runner {
    private final EGraph egraph;
    private final List<CompiledRule> rules;
    private final Limits limits;
    private final LongSupplier nanoTicker;
    private final BackoffScheduler scheduler;
    private long start;

    Runner(EGraph egraph, List<CompiledRule> rules, Limits limits, LongSupplier nanoTicker) {
        this.egraph = egraph;
        this.rules = rules;
        this.limits = limits;
        this.nanoTicker = nanoTicker;
        this.scheduler = BackoffScheduler.forRules(rules);
    }

    /** Runs until a stop reason; {@code goal} (may be null) is asked on the clean e-graph after every rebuild. */
    SaturationReport run(BooleanSupplier goal) {
        start = nanoTicker.getAsLong();
        egraph.rebuild();
        if (goal != null && goal.getAsBoolean()) {
            return report(StopReason.GOAL_REACHED, 0);
        }
        int iteration = 0;
        while (true) {
            StopReason reason = iteration >= limits.iterations() ? StopReason.ITERATION_LIMIT : checkSizeAndTime();
            if (reason != null) {
                return report(reason, iteration);
            }
            int nodesBefore = egraph.nodeCount();
            int classesBefore = egraph.classCount();
            List<CompiledPattern.Matches> found = new ArrayList<>(rules.size());
            for (int r = 0; r < rules.size() && reason == null; r++) {
                found.add(scheduler.search(iteration, r, rules.get(r), egraph));
                reason = checkSizeAndTime();
            }
            int applied = 0;
            for (int r = 0; r < found.size() && reason == null; r++) {
                applied += apply(rules.get(r), found.get(r));
                reason = checkSizeAndTime();
            }
            egraph.rebuild();
            iteration++;
            if (goal != null && goal.getAsBoolean()) {
                return report(StopReason.GOAL_REACHED, iteration);
            }
            if (reason != null) {
                return report(reason, iteration);
            }
            if (applied == 0 && scheduler.canStop(iteration - 1) && egraph.nodeCount() == nodesBefore
                    && egraph.classCount() == classesBefore) {
                return report(StopReason.SATURATED, iteration);
            }
        }
    }

    private int apply(CompiledRule rule, CompiledPattern.Matches matches) {
        int applied = 0;
        for (int m = 0; m < matches.size(); m++) {
            int[] substitution = matches.substitution(m);
            if (rule.conditionsHold(egraph, substitution) && rule.apply(egraph, substitution)) {
                applied++;
            }
        }
        return applied;
    }

    private StopReason checkSizeAndTime() {
        if (egraph.nodeCount() > limits.nodes()) {
            return StopReason.NODE_LIMIT;
        }
        if (elapsed().compareTo(limits.time()) > 0) {
            return StopReason.TIME_LIMIT;
        }
        return null;
    }

    private Duration elapsed() {
        return Duration.ofNanos(nanoTicker.getAsLong() - start);
    }

    private SaturationReport report(StopReason reason, int iterations) {
        return new SaturationReport(reason, iterations, egraph.nodeCount(), egraph.classCount(), elapsed());
    }
}
