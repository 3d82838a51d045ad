package io.multisystem.symbolic.optimize;

import io.multisystem.symbolic.expr.Term;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Common-subexpression elimination: an expression as a DAG in which every structurally equal subterm is one node.
 *
 * <p>Design note: nodes are hash-consed bottom-up (children before parents, so the node list is a topological order
 * and a valid evaluation order); a subterm that occurs k times in the tree is computed once. {@link #operations()}
 * counts the distinct operator applications, which is what an evaluator of the DAG executes; {@link #treeOperations}
 * counts them with repetition. Immutable once built.
 */
public final class ExpressionDag {
    /** One node: a leaf term, or an operator over earlier nodes. */
    public record Node(Term leaf, String operator, int[] children) {
        public boolean isLeaf() {
            return leaf != null;
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private final Map<Term, Integer> ids = new HashMap<>();
    private final int root;

    private ExpressionDag(Term term) {
        this.root = add(term);
    }

    /** The DAG of a term. */
    public static ExpressionDag of(Term term) {
        return new ExpressionDag(term);
    }

    private int add(Term term) {
        Integer existing = ids.get(term);
        if (existing != null) {
            return existing;
        }
        Node node;
        if (term instanceof Term.App app) {
            int[] children = new int[app.arguments().size()];
            for (int i = 0; i < children.length; i++) {
                children[i] = add(app.argument(i));
            }
            node = new Node(null, app.operator(), children);
        } else {
            node = new Node(term, null, new int[0]);
        }
        nodes.add(node);
        ids.put(term, nodes.size() - 1);
        return nodes.size() - 1;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public int root() {
        return root;
    }

    /** Distinct operator applications (operations after CSE). */
    public int operations() {
        int n = 0;
        for (Node node : nodes) {
            if (!node.isLeaf()) {
                n++;
            }
        }
        return n;
    }

    /** Operator applications of the tree, counting repeats. */
    public static int treeOperations(Term term) {
        if (term instanceof Term.App app) {
            int n = 1;
            for (Term a : app.arguments()) {
                n += treeOperations(a);
            }
            return n;
        }
        return 0;
    }

    /** Subterms computed more than once in the tree, each shown once: the shared subexpressions. */
    public List<Term> sharedSubterms(Term term) {
        Map<Term, Integer> counts = new HashMap<>();
        count(term, counts);
        List<Term> shared = new ArrayList<>();
        counts.forEach((t, c) -> {
            if (c > 1 && t instanceof Term.App) {
                shared.add(t);
            }
        });
        shared.sort((a, b) -> Integer.compare(b.size(), a.size()));
        return shared;
    }

    private static void count(Term term, Map<Term, Integer> counts) {
        if (counts.merge(term, 1, Integer::sum) > 1) {
            return;
        }
        if (term instanceof Term.App app) {
            for (Term a : app.arguments()) {
                count(a, counts);
            }
        }
    }
}
