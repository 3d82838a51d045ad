package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.Term;

import java.util.Arrays;

/**
 * Extracts the cheapest term of each e-class under a {@link CostFunction}: costs are relaxed to a fixpoint over all
 * classes (a class's cost is its cheapest e-node's, an e-node's needs all its children's), then terms are read off the
 * chosen e-nodes. Ties keep the first e-node in the class's sorted order, so the result is deterministic. Requires a
 * clean e-graph; the e-graph must not change while the extractor is used.
 */
final class Extractor {
    private final EGraph egraph;
    private final CostFunction costFunction;
    private final double[] costs;
    private final ENode[] best;
    private final Term[] terms;
    private final boolean[] building;

    Extractor(EGraph egraph, CostFunction costFunction) {
        this.egraph = egraph;
        this.costFunction = costFunction;
        int size = egraph.nodeIdCount();
        this.costs = new double[size];
        this.best = new ENode[size];
        this.terms = new Term[size];
        this.building = new boolean[size];
        Arrays.fill(costs, Double.POSITIVE_INFINITY);
        relax();
    }

    /**
     * Relaxes costs to the fixpoint. With a monotone cost function every class's optimal term has a depth of at most
     * the number of classes, and pass k settles every class whose optimal term has depth k, so more passes than
     * classes means the costs keep decreasing around a cycle: the cost function is not monotone.
     */
    private void relax() {
        int[] classIds = egraph.classIds();
        boolean changed = true;
        for (int pass = 0; changed; pass++) {
            if (pass > classIds.length + 1) {
                throw nonMonotone();
            }
            changed = false;
            for (int id : classIds) {
                for (ENode node : egraph.eclass(id).nodes) {
                    double cost = nodeCost(node);
                    if (Double.isNaN(cost)) {
                        throw nonMonotone();
                    }
                    if (cost < costs[id]) {
                        costs[id] = cost;
                        best[id] = node;
                        changed = true;
                    }
                }
            }
        }
    }

    private double nodeCost(ENode node) {
        OperatorTable operators = egraph.operators();
        if (node.isLeaf()) {
            return costFunction.leafCost(operators.leafTerm(node.op));
        }
        double[] childCosts = new double[node.children.length];
        for (int i = 0; i < childCosts.length; i++) {
            childCosts[i] = costs[egraph.find(node.children[i])];
            if (childCosts[i] == Double.POSITIVE_INFINITY) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return costFunction.applicationCost(operators.functionName(node.op), childCosts);
    }

    private static RuntimeException nonMonotone() {
        return InputErrors.invalid("NON_MONOTONE_COST", "the cost function is not monotone or gave NaN (a term must"
                + " cost more than each of its arguments); fix the cost function");
    }

    double cost(int classId) {
        return costs[egraph.find(classId)];
    }

    /**
     * The cheapest term of a class.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code NON_MONOTONE_COST} if the cost function made a
     *     class's best term contain itself
     */
    Term extract(int classId) {
        int id = egraph.find(classId);
        if (terms[id] != null) {
            return terms[id];
        }
        if (building[id]) {
            throw nonMonotone();
        }
        building[id] = true;
        ENode node = best[id];
        Term term = egraph.operators().term(node, this::extract);
        building[id] = false;
        terms[id] = term;
        return term;
    }
}
