package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Term;

/**
 * The cost of a term, computed bottom-up, used to extract the best term of an e-class. Must be monotone: a node costs
 * strictly more than each of its children's costs (both built-ins are), otherwise extraction may fail with
 * {@code NON_MONOTONE_COST}. Implementations must be pure and deterministic.
 */
public interface CostFunction {
    /** Number of nodes of the term. */
    CostFunction AST_SIZE = new CostFunction() {
        @Override
        public double leafCost(Term leaf) {
            return 1;
        }

        @Override
        public double applicationCost(String operator, double[] argumentCosts) {
            double sum = 1;
            for (double cost : argumentCosts) {
                sum += cost;
            }
            return sum;
        }
    };

    /** Depth of the term (a leaf has depth 1). */
    CostFunction AST_DEPTH = new CostFunction() {
        @Override
        public double leafCost(Term leaf) {
            return 1;
        }

        @Override
        public double applicationCost(String operator, double[] argumentCosts) {
            double max = 0;
            for (double cost : argumentCosts) {
                max = Math.max(max, cost);
            }
            return max + 1;
        }
    };

    /** Cost of a constant ({@link Term.Num}) or symbol ({@link Term.Sym}). */
    double leafCost(Term leaf);

    /** Cost of an operator applied to arguments of the given costs. */
    double applicationCost(String operator, double[] argumentCosts);
}
