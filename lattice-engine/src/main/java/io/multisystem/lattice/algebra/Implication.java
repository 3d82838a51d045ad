package io.multisystem.lattice.algebra;

import io.multisystem.lattice.bits.IndexSet;

import java.util.Objects;

/**
 * An attribute implication premise → conclusion: every object having all premise attributes has all conclusion
 * attributes. Immutable.
 */
public record Implication(IndexSet premise, IndexSet conclusion) {
    public Implication {
        Objects.requireNonNull(premise, "premise");
        Objects.requireNonNull(conclusion, "conclusion");
    }
}
