package io.multisystem.learner.engine;

import java.util.List;

/**
 * What a training run did: mean loss per epoch, loss per step, examples seen, wall time, and whether it stopped on a
 * diverging loss (then the network holds the best checkpoint, from epoch {@code bestEpoch}).
 */
public record TrainingReport(List<Double> epochLosses, List<Double> stepLosses, long examples, long nanos,
                             boolean diverged, String divergence, int bestEpoch) {
    public double examplesPerSecond() {
        return nanos == 0 ? 0 : examples * 1e9 / nanos;
    }

    public double finalLoss() {
        return epochLosses.isEmpty() ? Double.NaN : epochLosses.get(epochLosses.size() - 1);
    }
}
