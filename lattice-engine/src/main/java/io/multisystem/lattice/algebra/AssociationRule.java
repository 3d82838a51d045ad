package io.multisystem.lattice.algebra;

import io.multisystem.lattice.bits.IndexSet;

import java.util.Objects;

/**
 * An association rule premise → conclusion with its support and confidence in a context.
 *
 * @param premise      attributes of the premise
 * @param conclusion   attributes added by the rule (disjoint from the premise)
 * @param supportCount objects having premise ∪ conclusion
 * @param support      supportCount / |G| (0 when G is empty)
 * @param confidence   supportCount / |premise'| (1 when no object has the premise)
 */
public record AssociationRule(IndexSet premise, IndexSet conclusion, int supportCount, double support,
                              double confidence) {
    public AssociationRule {
        Objects.requireNonNull(premise, "premise");
        Objects.requireNonNull(conclusion, "conclusion");
    }
}
