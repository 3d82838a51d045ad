package io.multisystem.learner.engine;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * Where strategies plug into the {@link TrainingLoop}. All methods have neutral defaults.
 * Extra losses are computed inside the loop's gradient collector, so they are differentiated with the task loss;
 * {@link #adjustGradients} runs after backward with private copies of the gradients and may replace them.
 */
public interface TrainingHooks {
    TrainingHooks NONE = new TrainingHooks() {
    };

    /** An extra differentiable loss term for this step (regulariser, distillation, replay), or null. */
    default NDArray extraLoss(Network net, Batch batch, NDArray features, NDArray outputs) {
        return null;
    }

    /** Gradients of {@code net.parameters()} in order; return the gradients to apply (same order). */
    default List<NDArray> adjustGradients(Network net, Batch batch, List<NDArray> grads) {
        return grads;
    }

    /** Whether parameter {@code name} is updated this epoch (freezing schedules). */
    default boolean trainable(String name, int epoch) {
        return true;
    }
}
