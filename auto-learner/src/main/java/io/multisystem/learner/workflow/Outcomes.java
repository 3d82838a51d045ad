package io.multisystem.learner.workflow;

import io.multisystem.learner.engine.TrainingReport;
import io.multisystem.learner.registry.ModelRecord;

/** Results of the {@link Learner}'s operations that are not already domain records. */
public final class Outcomes {
    private Outcomes() {
    }

    public record Trained(ModelRecord model, TrainingReport report, double testAccuracy) {
    }

    public record Evaluation(String model, String dataset, int examples, double accuracy, double[] perClass) {
    }

    public record Prediction(int label, float[] probabilities) {
    }
}
