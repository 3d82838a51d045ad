package io.multisystem.learner.continual;

import io.multisystem.learner.engine.TrainingReport;

import java.util.List;

/** The outcome of a continual run: task names, accuracy matrix, metrics, per-task training reports, and
 * the registered model when one was requested (else null). */
public record ContinualResult(String strategy, String benchmark, List<String> tasks, double[][] accuracy,
                              double[] baseline, ContinualMetrics metrics, List<TrainingReport> reports,
                              double seconds, io.multisystem.learner.registry.ModelRecord model) {
    public ContinualResult(String strategy, String benchmark, List<String> tasks, double[][] accuracy,
                           double[] baseline, ContinualMetrics metrics, List<TrainingReport> reports, double seconds) {
        this(strategy, benchmark, tasks, accuracy, baseline, metrics, reports, seconds, null);
    }
}
