package io.multisystem.symbolic.saturation;

/** Why two e-nodes were united: the edge label of the explanation forest. */
sealed interface Justification permits Justification.Congruence, Justification.ConstantFold,
        Justification.RuleApplication {

    Congruence CONGRUENCE = new Congruence();
    ConstantFold CONSTANT_FOLD = new ConstantFold();

    /** Same operator and pairwise equivalent children. */
    final class Congruence implements Justification {
        private Congruence() {
        }
    }

    /** The first node is an operator applied to constant leaves, the second its value. */
    final class ConstantFold implements Justification {
        private ConstantFold() {
        }
    }

    /**
     * The first node is the rule's left side and the second its right side, instantiated with these node ids for the
     * rule's variables (in {@link CompiledRule#variables()} order).
     */
    record RuleApplication(CompiledRule rule, int[] substitution) implements Justification {
    }
}
