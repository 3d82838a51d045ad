package io.multisystem.learner.meta;

import io.multisystem.core.error.InvalidInputException;

/** First-order meta-learning algorithms. */
public enum MetaAlgorithm {
    /** First-order MAML: meta-gradient = query-loss gradient at the adapted weights (Finn et al. 2017, FOMAML). */
    FOMAML("fomaml"),
    /** Reptile: move the initialisation towards the adapted weights (Nichol et al. 2018). */
    REPTILE("reptile"),
    /** Prototypical networks for N-way K-shot classification (Snell et al. 2017). */
    PROTOTYPICAL("protonet");

    private final String id;

    MetaAlgorithm(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static MetaAlgorithm parse(String name) {
        for (MetaAlgorithm a : values()) {
            if (a.id.equals(name) || a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new InvalidInputException("auto-learner.meta", "UNKNOWN_ALGORITHM",
                "unknown meta-learning algorithm '" + name + "'; use fomaml, reptile or protonet");
    }
}
