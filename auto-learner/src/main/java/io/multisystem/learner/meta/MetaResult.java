package io.multisystem.learner.meta;

import java.util.List;

/**
 * Outcome of meta-training. For regression: mean query MSE after {@code adaptationSteps} of K-shot adaptation from the
 * meta-learnt initialisation, and from a randomly initialised network trained the same way (the baseline). For
 * episodes: query accuracy of the meta-learnt embedding and of the untrained baseline on held-out classes.
 */
public record MetaResult(MetaAlgorithm algorithm, int shots, int iterations, double metaLearnt, double baseline,
                         String measure, List<Double> trainingCurve, double seconds) {
}
