package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Rational;
import io.multisystem.symbolic.expr.Term;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An e-graph with deferred rebuilding, a constant-folding analysis and explanations.
 *
 * <p>Design note (follows egg: Willsey et al., "egg: Fast and Extensible Equality Saturation", POPL 2021, and its
 * explanation mode: Flatt et al., "Small Proofs from Congruence Closure", FMCAD 2022).
 * <ul>
 *   <li>Every distinct uncanonical e-node (operator plus the node ids of its children) gets a <em>node id</em> and so
 *       names exactly one term. The union-find runs over node ids; an e-class id is the root of its set.</li>
 *   <li>{@code memo} (the hashcons) maps canonical e-nodes (children are class ids) to a node id congruent to them.
 *       Adding an e-node whose canonical form is known creates a new node id in the existing class, joined by a
 *       congruence edge in the explanation forest.</li>
 *   <li>{@link #union} merges classes immediately but defers congruence closure: the parents of the absorbed class
 *       are queued, and {@link #rebuild} re-canonicalizes them, merging classes whose nodes collide in the hashcons
 *       (egg's worklist rebuild). After {@code rebuild}: no two canonical e-nodes in different classes are equal,
 *       every class's node list is canonical, sorted and duplicate-free, and the operator index is exact.</li>
 *   <li>Analysis: a class may know its constant value (an exact {@link Rational}), computed bottom-up from constant
 *       leaves and folded operators ({@link ConstantFolding}); merging keeps the first value. A class with a value
 *       contains that constant's leaf, joined by a constant-fold edge, and is pruned to its leaves (as egg-math does).
 *       "Not zero" means not known to be the constant 0.</li>
 *   <li>Every union records its justification in the {@link Explanations} forest, from which proofs are produced.</li>
 * </ul>
 * Not thread-safe. The node count reported is the hashcons size, as egg's {@code total_size}.
 */
final class EGraph {
    private final OperatorTable operators = new OperatorTable();
    private final List<ENode> nodes = new ArrayList<>();
    private int[] unionFind = new int[1024];
    private EClass[] classes = new EClass[1024];
    private final Map<ENode, Integer> uncanonicalMemo = new HashMap<>();
    private final Map<ENode, Integer> memo = new HashMap<>();
    private final IntList pending = new IntList();
    private final IntList analysisPending = new IntList();
    private final Explanations explanations = new Explanations(this);
    private Map<Integer, int[]> classesByOperator = Map.of();
    private int classCount;

    /** One equivalence class. Fields are maintained by the enclosing e-graph. */
    static final class EClass {
        final int id;
        List<ENode> nodes = new ArrayList<>(2);
        final IntList parents = new IntList(2);
        /** Known constant value, or null. */
        Rational constant;
        /** Node id whose operator folded to {@link #constant}, or -1 for a constant leaf. */
        int foldNode = -1;
        /** Node id of a symbol leaf in this class, or -1. */
        int symbolLeaf = -1;

        EClass(int id) {
            this.id = id;
        }
    }

    OperatorTable operators() {
        return operators;
    }

    Explanations explanations() {
        return explanations;
    }

    // ---------------------------------------------------------------- union-find

    int find(int id) {
        int[] parent = unionFind;
        while (parent[id] != id) {
            parent[id] = parent[parent[id]];
            id = parent[id];
        }
        return id;
    }

    /** The e-node with its children replaced by their class ids. */
    ENode canonicalize(ENode node) {
        int[] children = node.children;
        int[] canonical = null;
        for (int i = 0; i < children.length; i++) {
            int root = find(children[i]);
            if (root != children[i]) {
                if (canonical == null) {
                    canonical = children.clone();
                }
                canonical[i] = root;
            }
        }
        return canonical == null ? node : new ENode(node.op, canonical);
    }

    // ---------------------------------------------------------------- adding

    /** Adds a term; returns the node id that names exactly this term. */
    int add(Term term) {
        if (term instanceof Term.App app) {
            int[] children = new int[app.arguments().size()];
            for (int i = 0; i < children.length; i++) {
                children[i] = add(app.argument(i));
            }
            return add(new ENode(operators.function(app.operator(), children.length), children));
        }
        return add(ENode.leaf(operators.leaf(term)));
    }

    /**
     * Adds an uncanonical e-node whose children are existing node ids; returns its node id (an existing one if this
     * exact e-node was added before).
     */
    int add(ENode node) {
        Integer existing = uncanonicalMemo.get(node);
        if (existing != null) {
            return existing;
        }
        int id = newNodeId(node);
        uncanonicalMemo.put(node, id);
        ENode canonical = canonicalize(node);
        Integer congruent = memo.get(canonical);
        if (congruent != null) {
            unionFind[id] = find(congruent);
            explanations.union(congruent, id, Justification.CONGRUENCE);
            return id;
        }
        EClass eclass = new EClass(id);
        classes[id] = eclass;
        classCount++;
        eclass.nodes.add(canonical);
        if (operators.isSymbol(node.op)) {
            eclass.symbolLeaf = id;
        }
        for (int child : canonical.children) {
            classes[child].parents.add(id);
        }
        memo.put(canonical, id);
        Rational value = evaluate(canonical);
        if (value != null) {
            eclass.constant = value;
            eclass.foldNode = node.isLeaf() ? -1 : id;
            modify(id);
        }
        return id;
    }

    private int newNodeId(ENode node) {
        int id = nodes.size();
        nodes.add(node);
        if (id == unionFind.length) {
            unionFind = Arrays.copyOf(unionFind, id * 2);
            classes = Arrays.copyOf(classes, id * 2);
        }
        unionFind[id] = id;
        explanations.grow(id);
        return id;
    }

    /** The class of a term if the e-graph represents it (canonically), or -1; never adds. Requires a clean graph. */
    int lookup(Term term) {
        if (term instanceof Term.App app) {
            int[] children = new int[app.arguments().size()];
            for (int i = 0; i < children.length; i++) {
                children[i] = lookup(app.argument(i));
                if (children[i] < 0) {
                    return -1;
                }
            }
            int op = operators.function(app.operator(), children.length);
            Integer id = memo.get(new ENode(op, children));
            return id == null ? -1 : find(id);
        }
        Integer id = memo.get(ENode.leaf(operators.leaf(term)));
        return id == null ? -1 : find(id);
    }

    // ---------------------------------------------------------------- analysis

    /** The constant value a canonical e-node folds to, from its children's classes; null if none. */
    private Rational evaluate(ENode canonical) {
        if (canonical.isLeaf()) {
            return operators.numberValue(canonical.op);
        }
        Rational[] arguments = new Rational[canonical.children.length];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = classes[find(canonical.children[i])].constant;
            if (arguments[i] == null) {
                return null;
            }
        }
        return ConstantFolding.fold(operators.functionName(canonical.op), arguments);
    }

    /**
     * Makes a class with a known constant contain that constant's leaf, with a constant-fold explanation, and prunes
     * its other e-nodes (their terms are still in the explanations and the hashcons).
     */
    private void modify(int classId) {
        EClass eclass = classes[find(classId)];
        Rational value = eclass.constant;
        if (value == null) {
            return;
        }
        int foldNode = eclass.foldNode;
        if (foldNode >= 0) {
            ENode folded = nodes.get(foldNode);
            int[] leaves = new int[folded.children.length];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = leafOfConstant(classes[find(folded.children[i])].constant);
            }
            int instance = add(new ENode(folded.op, leaves));
            int leaf = add(ENode.leaf(operators.number(value)));
            union(foldNode, instance, Justification.CONGRUENCE);
            union(instance, leaf, Justification.CONSTANT_FOLD);
        }
        EClass merged = classes[find(classId)];
        merged.nodes.removeIf(n -> !n.isLeaf());
    }

    /** The node id of a constant's leaf; the leaf exists for every constant a class knows. */
    int leafOfConstant(Rational value) {
        return add(ENode.leaf(operators.number(value)));
    }

    // ---------------------------------------------------------------- union and rebuild

    /**
     * Merges the classes of two node ids, recording the justification with {@code a} as its left side.
     *
     * @return whether the classes were different
     */
    boolean union(int a, int b, Justification justification) {
        int rootA = find(a);
        int rootB = find(b);
        if (rootA == rootB) {
            return false;
        }
        explanations.union(a, b, justification);
        EClass kept = classes[rootA];
        EClass absorbed = classes[rootB];
        if (kept.parents.size() < absorbed.parents.size()) {
            EClass swap = kept;
            kept = absorbed;
            absorbed = swap;
        }
        unionFind[absorbed.id] = kept.id;
        classes[absorbed.id] = null;
        classCount--;
        pending.addAll(absorbed.parents);
        if (kept.constant == null && absorbed.constant != null) {
            kept.constant = absorbed.constant;
            kept.foldNode = absorbed.foldNode;
            analysisPending.addAll(kept.parents);
        } else if (kept.constant != null && absorbed.constant == null) {
            analysisPending.addAll(absorbed.parents);
        }
        if (kept.symbolLeaf < 0) {
            kept.symbolLeaf = absorbed.symbolLeaf;
        }
        kept.nodes.addAll(absorbed.nodes);
        kept.parents.addAll(absorbed.parents);
        modify(kept.id);
        return true;
    }

    /**
     * Restores the invariants (congruence closure, canonical hashcons entries for every touched node, analysis
     * fixpoint, canonical sorted class node lists, exact operator index).
     *
     * @return the number of unions performed
     */
    int rebuild() {
        int unions = 0;
        while (!pending.isEmpty() || !analysisPending.isEmpty()) {
            while (!pending.isEmpty()) {
                int node = pending.pop();
                ENode canonical = canonicalize(nodes.get(node));
                Integer previous = memo.put(canonical, node);
                if (previous != null && union(previous, node, Justification.CONGRUENCE)) {
                    unions++;
                }
            }
            while (!analysisPending.isEmpty()) {
                int node = analysisPending.pop();
                EClass eclass = classes[find(node)];
                if (eclass.constant != null) {
                    continue;
                }
                Rational value = evaluate(canonicalize(nodes.get(node)));
                if (value != null) {
                    eclass.constant = value;
                    eclass.foldNode = node;
                    analysisPending.addAll(eclass.parents);
                    modify(eclass.id);
                }
            }
        }
        rebuildClasses();
        return unions;
    }

    private void rebuildClasses() {
        Map<Integer, IntList> byOperator = new HashMap<>();
        for (int id = 0; id < nodes.size(); id++) {
            EClass eclass = classes[id];
            if (eclass == null) {
                continue;
            }
            List<ENode> canonical = new ArrayList<>(eclass.nodes.size());
            for (ENode node : eclass.nodes) {
                canonical.add(canonicalize(node));
            }
            Collections.sort(canonical);
            List<ENode> unique = new ArrayList<>(canonical.size());
            ENode previous = null;
            for (ENode node : canonical) {
                if (!node.equals(previous)) {
                    unique.add(node);
                    if (previous == null || previous.op != node.op) {
                        byOperator.computeIfAbsent(node.op, k -> new IntList(4)).add(id);
                    }
                    previous = node;
                }
            }
            eclass.nodes = unique;
        }
        Map<Integer, int[]> index = new HashMap<>();
        byOperator.forEach((op, ids) -> index.put(op, ids.toArray()));
        classesByOperator = index;
    }

    // ---------------------------------------------------------------- queries

    /** Classes that contain an e-node with this operator (exact after {@link #rebuild}). */
    int[] classesWithOperator(int op) {
        int[] ids = classesByOperator.get(op);
        return ids == null ? new int[0] : ids;
    }

    /** All class ids, ascending. */
    int[] classIds() {
        int[] out = new int[classCount];
        int k = 0;
        for (int id = 0; id < nodes.size(); id++) {
            if (classes[id] != null) {
                out[k++] = id;
            }
        }
        return out;
    }

    EClass eclass(int id) {
        return classes[find(id)];
    }

    /** The node id of an added e-node (its term), by node id. */
    ENode node(int nodeId) {
        return nodes.get(nodeId);
    }

    int nodeIdCount() {
        return nodes.size();
    }

    /** Hashcons size, as egg's {@code total_size}: the measure the node limit applies to. */
    int nodeCount() {
        return memo.size();
    }

    int classCount() {
        return classCount;
    }

    /** For tests: the hashcons, canonical form to node id. */
    Map<ENode, Integer> hashcons() {
        return Collections.unmodifiableMap(memo);
    }
}
