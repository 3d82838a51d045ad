package io.multisystem.chaos.experiment;

import io.multisystem.chaos.proxy.ProxySpec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated experiment, the structure of a Chaos Toolkit experiment plus safety and rollout. Immutable. Built by
 * {@link ExperimentParser}; the format is documented in {@code specs/chaos-engine.md}.
 *
 * @param title         what is being verified
 * @param description   free text
 * @param configuration values substituted for {@code ${key}} in every string of the document (already applied)
 * @param hypothesis    the steady state, or null when the experiment declares none
 * @param method        actions and probes, in order
 * @param rollbacks     activities run after the method whatever happened (after every fault is reverted)
 * @param safety        blast-radius limits
 * @param rollout       stages the method's faults are rolled out in; one stage of 100% when absent
 * @param proxies       proxies the engine creates for the run and removes after it
 * @param seed          seed of the random choices of selectors (mode one, percentages), for reproducible plans
 */
public record Experiment(String title, String description, Map<String, String> configuration, Hypothesis hypothesis,
                         List<Activity> method, List<Activity> rollbacks, Safety safety, List<RolloutStage> rollout,
                         List<ProxySpec> proxies, long seed) {

    /**
     * The steady state: every probe must be within its tolerance.
     *
     * @param frequency how often it is checked while the method runs, or null to check only before and after
     */
    public record Hypothesis(String title, List<Activity> probes, Duration frequency) {
    }

    /** Blast-radius limits: the most faults active at once, and the most distinct targets they may touch. */
    public record Safety(int maxConcurrentFaults, int maxAffectedTargets) {
        public static final Safety DEFAULT = new Safety(100, 100);
    }

    /** One rollout stage: a fixed count of each action's targets, or a percentage (cumulative). */
    public record RolloutStage(Integer count, Double percent) {
        /** How many of {@code total} targets this stage reaches (at least one when there are any). */
        public int reach(int total) {
            if (total == 0) {
                return 0;
            }
            int n = count != null ? count : (int) Math.ceil(total * percent / 100.0);
            return Math.max(1, Math.min(total, n));
        }

        public String describe() {
            return count != null ? count + " target(s)" : percent + "%";
        }
    }

    /**
     * An action or a probe.
     *
     * @param pointer JSON pointer of the activity in the document, for errors and the journal
     */
    public record Activity(String name, Kind kind, Provider provider, Tolerance tolerance, Duration pauseBefore,
                           Duration pauseAfter, String pointer) {
        public enum Kind {
            ACTION, PROBE;

            public String wireName() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }
}
