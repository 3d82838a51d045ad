package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.proof.Proof;
import io.multisystem.symbolic.proof.ProofStep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explanation forest of an {@link EGraph} and the proofs read from it.
 *
 * <p>Design note (egg's explanation mode; Flatt, Coward, Willsey, Tatlock, Panchekha, "Small Proofs from Congruence
 * Closure", FMCAD 2022, after Nieuwenhuis and Oliveras' proof forests).
 * <ul>
 *   <li>Nodes are the e-graph's node ids, each naming one term. Every union of two classes adds exactly one edge
 *       between the two node ids that caused it, labelled with its {@link Justification} and a direction (whether
 *       the rewrite goes from the child to the parent). To add edge a-b, a's tree is re-rooted at a, then a's parent
 *       becomes b. The trees are therefore exactly the e-classes, and the unique tree path between two nodes only
 *       uses edges that existed when they first became equal.</li>
 *   <li>A proof of a = b walks the tree path between them. A rule or constant-fold edge is one rewrite at the root
 *       of the current subterm. A congruence edge between f(a1..an) and f(b1..bn) is explained by proving each
 *       ai = bi in turn, one argument position deeper. The recursion terminates because the children's paths only
 *       use edges older than the congruence edge. Sub-proofs are memoized per node pair.</li>
 * </ul>
 * Not thread-safe.
 */
final class Explanations {
    private final EGraph egraph;
    private int[] parent = new int[1024];
    private Justification[] justification = new Justification[1024];
    private boolean[] forward = new boolean[1024];
    private Term[] terms = new Term[1024];

    /** A step relative to the subterm being explained. */
    private record RelativeStep(Justification justification, boolean forward, int[] position, int after) {
    }

    Explanations(EGraph egraph) {
        this.egraph = egraph;
    }

    void grow(int id) {
        if (id >= parent.length) {
            int size = Math.max(id + 1, parent.length * 2);
            parent = Arrays.copyOf(parent, size);
            justification = Arrays.copyOf(justification, size);
            forward = Arrays.copyOf(forward, size);
            terms = Arrays.copyOf(terms, size);
        }
        parent[id] = id;
    }

    /** Records that {@code a} (left side) and {@code b} (right side) became equal; they must be in different trees. */
    void union(int a, int b, Justification why) {
        makeRoot(a);
        parent[a] = b;
        justification[a] = why;
        forward[a] = true;
    }

    private void makeRoot(int node) {
        int previous = -1;
        Justification previousWhy = null;
        boolean previousForward = false;
        int current = node;
        while (true) {
            int next = parent[current];
            Justification why = justification[current];
            boolean direction = forward[current];
            if (previous < 0) {
                parent[current] = current;
                justification[current] = null;
            } else {
                parent[current] = previous;
                justification[current] = previousWhy;
                forward[current] = !previousForward;
            }
            if (next == current) {
                return;
            }
            previous = current;
            previousWhy = why;
            previousForward = direction;
            current = next;
        }
    }

    /** The term a node id names. */
    Term term(int nodeId) {
        Term cached = terms[nodeId];
        if (cached != null) {
            return cached;
        }
        ENode node = egraph.node(nodeId);
        Term term = egraph.operators().term(node, this::term);
        terms[nodeId] = term;
        return term;
    }

    /**
     * A proof that the terms of two node ids of the same class are equal.
     *
     * @throws IllegalArgumentException if they are not in the same class
     */
    Proof explain(int from, int to) {
        if (egraph.find(from) != egraph.find(to)) {
            throw new IllegalArgumentException("nodes " + from + " and " + to + " are not equivalent");
        }
        Map<Long, List<RelativeStep>> cache = new HashMap<>();
        List<RelativeStep> relative = explainPath(from, to, cache);
        Term current = term(from);
        List<ProofStep> steps = new ArrayList<>(relative.size());
        for (RelativeStep step : relative) {
            List<Integer> position = toList(step.position());
            current = current.replace(position, term(step.after()));
            steps.add(toProofStep(step, position, current));
        }
        return new Proof(term(from), term(to), steps);
    }

    private ProofStep toProofStep(RelativeStep step, List<Integer> position, Term whole) {
        ProofStep.Direction direction = step.forward() ? ProofStep.Direction.FORWARD : ProofStep.Direction.BACKWARD;
        if (step.justification() instanceof Justification.RuleApplication application) {
            Map<String, Term> substitution = new LinkedHashMap<>();
            String[] variables = application.rule().variables();
            for (int i = 0; i < variables.length; i++) {
                substitution.put(variables[i], term(application.substitution()[i]));
            }
            return new ProofStep(ProofStep.Kind.REWRITE, application.rule().rule().name(), direction, position,
                    substitution, whole);
        }
        return new ProofStep(ProofStep.Kind.CONSTANT_FOLD, ProofStep.CONSTANT_FOLD_RULE, direction, position,
                Map.of(), whole);
    }

    private List<RelativeStep> explainPath(int from, int to, Map<Long, List<RelativeStep>> cache) {
        if (from == to) {
            return List.of();
        }
        long key = ((long) from << 32) | (to & 0xffffffffL);
        List<RelativeStep> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        List<RelativeStep> out = new ArrayList<>();
        for (int[] edge : path(from, to)) {
            int a = edge[0];
            int b = edge[1];
            Justification why = justification[edge[2]];
            boolean isForward = edge[3] == 1;
            if (why instanceof Justification.Congruence) {
                int[] left = egraph.node(a).children;
                int[] right = egraph.node(b).children;
                for (int i = 0; i < left.length; i++) {
                    for (RelativeStep inner : explainPath(left[i], right[i], cache)) {
                        out.add(new RelativeStep(inner.justification(), inner.forward(), prepend(i, inner.position()),
                                inner.after()));
                    }
                }
            } else {
                out.add(new RelativeStep(why, isForward, new int[0], b));
            }
        }
        List<RelativeStep> result = Collections.unmodifiableList(out);
        cache.put(key, result);
        return result;
    }

    /** Edges of the tree path, each {from, to, node holding the label, 1 if the label reads from-to forward}. */
    private List<int[]> path(int from, int to) {
        Map<Integer, Integer> ancestors = new HashMap<>();
        int depth = 0;
        for (int x = from; ; x = parent[x]) {
            ancestors.put(x, depth++);
            if (parent[x] == x) {
                break;
            }
        }
        List<int[]> down = new ArrayList<>();
        int lca = to;
        while (!ancestors.containsKey(lca)) {
            int up = parent[lca];
            down.add(new int[] {up, lca, lca, forward[lca] ? 0 : 1});
            lca = up;
        }
        List<int[]> edges = new ArrayList<>();
        for (int x = from; x != lca; x = parent[x]) {
            edges.add(new int[] {x, parent[x], x, forward[x] ? 1 : 0});
        }
        Collections.reverse(down);
        edges.addAll(down);
        return edges;
    }

    private static int[] prepend(int index, int[] position) {
        int[] out = new int[position.length + 1];
        out[0] = index;
        System.arraycopy(position, 0, out, 1, position.length);
        return out;
    }

    private static List<Integer> toList(int[] position) {
        List<Integer> out = new ArrayList<>(position.length);
        for (int p : position) {
            out.add(p);
        }
        return out;
    }
}
