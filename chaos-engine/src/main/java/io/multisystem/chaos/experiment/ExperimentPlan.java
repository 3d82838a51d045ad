package io.multisystem.chaos.experiment;

import java.util.List;

/**
 * What a run would do, without doing it ({@code plan}): every fault, its target and the rollout stage it starts in.
 *
 * @param title            the experiment's title
 * @param stages           the rollout stages, described
 * @param faults           every fault the method would inject, in order
 * @param concurrentFaults the most faults active at once (faults stay until rollback, so all of them)
 * @param affectedTargets  distinct targets hit
 * @param safety           the experiment's limits
 * @param withinBudget     whether it fits the experiment's and the engine's blast-radius budget
 * @param budgetProblem    why not, or empty
 */
public record ExperimentPlan(String title, List<String> stages, List<PlannedFault> faults, int concurrentFaults,
                             int affectedTargets, Experiment.Safety safety, boolean withinBudget,
                             String budgetProblem) {

    /**
     * One fault of the plan.
     *
     * @param stage    index of the rollout stage that first injects it (0-based)
     * @param activity the action's name
     * @param pointer  JSON pointer of the action
     * @param kind     fault kind ({@code toxic}, {@code process-pause}, ...)
     * @param target   {@code proxy:NAME} or {@code process:PID}
     * @param detail   what exactly (toxic type and attributes, process command line, limit)
     */
    public record PlannedFault(int stage, String activity, String pointer, String kind, String target, String detail) {
    }

    /** A readable multi-line rendering. */
    public String describe() {
        StringBuilder b = new StringBuilder("plan: ").append(title).append('\n');
        b.append("stages: ").append(String.join(" -> ", stages)).append('\n');
        for (PlannedFault f : faults) {
            b.append("  stage ").append(f.stage() + 1).append("  ").append(f.kind()).append(" -> ").append(f.target())
                    .append("  (").append(f.activity()).append(": ").append(f.detail()).append(")\n");
        }
        b.append("faults: ").append(concurrentFaults).append(" (max ").append(safety.maxConcurrentFaults())
                .append("), targets: ").append(affectedTargets).append(" (max ").append(safety.maxAffectedTargets())
                .append(")\n");
        b.append(withinBudget ? "within the blast-radius budget" : "REFUSED: " + budgetProblem);
        return b.toString();
    }
}
