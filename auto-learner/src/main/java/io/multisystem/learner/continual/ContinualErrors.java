package io.multisystem.learner.continual;

/** Error codes of continual learning. */
public final class ContinualErrors {
    public static final String COMPONENT = "auto-learner.continual";

    private ContinualErrors() {
    }
}
