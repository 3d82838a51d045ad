package io.multisystem.learner.adaptation;

import io.multisystem.core.error.InvalidInputException;

import java.util.Arrays;

/** The domain-adaptation methods: names as used by the API and CLI. */
public enum AdaptationMethod {
    /** Train on labelled source data only; the reference every method must beat. */
    SOURCE_ONLY("source-only"),
    /** Source-only, then fine-tune the classifier head on a few labelled target examples (trunk frozen). */
    FINETUNE_HEAD("finetune-head"),
    /** Domain-adversarial training with a gradient reversal layer (Ganin and Lempitsky, 2015). */
    DANN("dann"),
    /** Deep CORAL: align second-order statistics of source and target features (Sun and Saenko, 2016). */
    CORAL("coral");

    private final String id;

    AdaptationMethod(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static AdaptationMethod parse(String name) {
        for (AdaptationMethod m : values()) {
            if (m.id.equals(name)) {
                return m;
            }
        }
        throw new InvalidInputException("auto-learner.adaptation", "UNKNOWN_METHOD", "unknown adaptation method '"
                + name + "'; use one of " + Arrays.stream(values()).map(AdaptationMethod::id).toList());
    }
}
