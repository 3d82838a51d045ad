package io.multisystem.learner.adaptation;

import java.util.List;

/**
 * The outcome of adapting to a target domain: accuracy on the source test set, on the target test set before
 * adaptation (the source-only model) and after, plus the loss per epoch of the adaptation phase.
 */
public record AdaptationResult(AdaptationMethod method, double sourceAccuracy, double targetSourceOnlyAccuracy,
                               double targetAdaptedAccuracy, List<Double> losses, double seconds) {
    public double gain() {
        return targetAdaptedAccuracy - targetSourceOnlyAccuracy;
    }
}
