package io.multisystem.lattice.algebra;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.Concept;
import io.multisystem.lattice.mining.ConceptLattice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Association rules of a context. Exact rules (confidence 1) are summarised by the {@link CanonicalBasis}; partial
 * rules by the Luxenburger basis: one rule B₁ → B₂ \ B₁ per Hasse edge (A₂, B₂) ⋖ (A₁, B₁) of the (iceberg) concept
 * lattice, with support |A₂| and confidence |A₂| / |A₁|. Every partial rule between frequent closed sets follows from
 * it by chaining confidences along paths (Luxenburger 1991; Stumme et al. 2001). Stateless and thread-safe.
 */
public final class AssociationRules {
    private AssociationRules() {
    }

    /**
     * Support and confidence of premise → conclusion in {@code context}.
     *
     * @throws InvalidInputException {@code RULE_INVALID} if a set mentions an attribute outside the context
     */
    public static AssociationRule evaluate(FormalContext context, IndexSet premise, IndexSet conclusion) {
        if (premise.bound() > context.attributeCount() || conclusion.bound() > context.attributeCount()) {
            throw new InvalidInputException(FormalContext.COMPONENT, "RULE_INVALID", "rule " + premise + " -> "
                    + conclusion + " mentions an attribute outside 0.." + (context.attributeCount() - 1));
        }
        int premiseCount = context.extentOf(premise).size();
        int bothCount = context.extentOf(premise.union(conclusion)).size();
        int objects = context.objectCount();
        return new AssociationRule(premise, conclusion.minus(premise), bothCount,
                objects == 0 ? 0 : (double) bothCount / objects, premiseCount == 0 ? 1 : (double) bothCount / premiseCount);
    }

    /**
     * The Luxenburger basis of partial rules with confidence ≥ {@code minConfidence} over the lattice's concepts (mine
     * the lattice with a minimum support for an iceberg). Ordered by decreasing confidence, then support.
     *
     * @throws InvalidInputException {@code RULE_INVALID} unless 0 ≤ minConfidence ≤ 1
     */
    public static List<AssociationRule> luxenburgerBasis(ConceptLattice lattice, double minConfidence) {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new InvalidInputException(FormalContext.COMPONENT, "RULE_INVALID", "minConfidence must be within [0, 1], was "
                    + minConfidence);
        }
        int objects = lattice.context().objectCount();
        List<AssociationRule> rules = new ArrayList<>();
        for (int upper = 0; upper < lattice.size(); upper++) {
            Concept general = lattice.concept(upper);
            if (general.support() == 0) {
                continue;
            }
            for (int lower : lattice.lowerCovers(upper)) {
                Concept specific = lattice.concept(lower);
                double confidence = (double) specific.support() / general.support();
                if (confidence >= minConfidence && specific.support() > 0) {
                    rules.add(new AssociationRule(general.intent(), specific.intent().minus(general.intent()),
                            specific.support(), (double) specific.support() / objects, confidence));
                }
            }
        }
        rules.sort(Comparator.comparingDouble(AssociationRule::confidence).reversed()
                .thenComparing(Comparator.comparingInt(AssociationRule::supportCount).reversed())
                .thenComparing(AssociationRule::premise).thenComparing(AssociationRule::conclusion));
        return rules;
    }
}
