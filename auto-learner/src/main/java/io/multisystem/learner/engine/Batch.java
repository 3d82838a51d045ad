package io.multisystem.learner.engine;

/** A mini-batch: flattened inputs, integer labels, and the head (task) they belong to. */
public record Batch(float[][] x, int[] y, int head) {
    public int size() {
        return y.length;
    }
}
