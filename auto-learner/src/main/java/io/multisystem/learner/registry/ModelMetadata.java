package io.multisystem.learner.registry;

import java.util.Map;

/**
 * What the registry records about a model version besides its weights: domain and task it was trained for, metrics
 * (name to value), the parent model reference it was derived from (empty for a model trained from scratch), the
 * SHA-256 of its training data, and the strategy or method that produced it.
 */
public record ModelMetadata(String domain, String task, Map<String, Double> metrics, String parent,
                            String trainingDataHash, String method) {
    public ModelMetadata {
        metrics = Map.copyOf(metrics);
        parent = parent == null ? "" : parent;
        domain = domain == null ? "" : domain;
        task = task == null ? "" : task;
        trainingDataHash = trainingDataHash == null ? "" : trainingDataHash;
        method = method == null ? "" : method;
    }
}
