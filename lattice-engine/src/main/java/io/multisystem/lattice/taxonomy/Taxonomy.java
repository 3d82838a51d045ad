package io.multisystem.lattice.taxonomy;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.lattice.bits.IndexSet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A taxonomy (or ontology hierarchy): named terms and typed edges {@code child --relation--> parent}
 * ({@code is_a}, {@code part_of}, ...), checked to be acyclic.
 * <p>Design note. Terms are numbered 0..n-1; edges are kept as per-term parent and child adjacency arrays. At build
 * time Kahn's algorithm yields a topological order (parents before children) or, if some terms remain, a cycle, which
 * is found by a depth-first walk inside the remainder and reported with every edge on it. Ancestor closures are then
 * computed once per relation filter in topological order: anc(t) = ⋃ over parents p of ({p} ∪ anc(p)), stored as
 * {@link IndexSet}s (sorted arrays for small sets), so an ancestor query is a lookup and a common-subsumer query is an
 * intersection. Descendants are the same closure on the reversed edges, computed on demand by a breadth-first walk.
 * Depth is the length of the shortest path to a root (a term without parents) over the filtered edges.
 * <p>Immutable and thread-safe (lazily computed closures are published safely through a synchronized cache).
 */
public final class Taxonomy {
    public static final String COMPONENT = "lattice-engine";
    public static final String IS_A = "is_a";

    /** A typed edge child --relation--> parent. */
    public record Edge(String child, String relation, String parent) {
    }

    private final List<String> ids;
    private final List<String> names;
    private final Map<String, Integer> index;
    private final List<String> relations;
    private final int[][] parents;     // term -> parent terms (parallel to parentRelations)
    private final int[][] parentRelations;
    private final int[][] children;
    private final int[][] childRelations;
    private final int[] topological;
    private final int edgeCount;
    private final Map<Set<String>, Closure> closures = new HashMap<>();

    private Taxonomy(List<String> ids, List<String> names, Map<String, Integer> index, List<String> relations,
            int[][] parents, int[][] parentRelations, int[][] children, int[][] childRelations, int[] topological,
            int edgeCount) {
        this.ids = ids;
        this.names = names;
        this.index = index;
        this.relations = relations;
        this.parents = parents;
        this.parentRelations = parentRelations;
        this.children = children;
        this.childRelations = childRelations;
        this.topological = topological;
        this.edgeCount = edgeCount;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int termCount() {
        return ids.size();
    }

    public int edgeCount() {
        return edgeCount;
    }

    public List<String> ids() {
        return ids;
    }

    /** The relation names that occur, sorted. */
    public List<String> relations() {
        return relations;
    }

    public String id(int term) {
        return ids.get(term);
    }

    public String name(int term) {
        return names.get(term);
    }

    public boolean contains(String id) {
        return index.containsKey(id);
    }

    /**
     * @throws NotFoundException code {@code TERM_NOT_FOUND} naming the id
     */
    public int termOf(String id) {
        Integer t = index.get(id);
        if (t == null) {
            throw new NotFoundException(COMPONENT, "TERM_NOT_FOUND", "term " + id + " is not in the taxonomy ("
                    + ids.size() + " terms); check the id, e.g. " + (ids.isEmpty() ? "-" : ids.get(0)));
        }
        return t;
    }

    /** Every edge, in term order. */
    public List<Edge> edges() {
        List<Edge> out = new ArrayList<>(edgeCount);
        for (int t = 0; t < parents.length; t++) {
            for (int i = 0; i < parents[t].length; i++) {
                out.add(new Edge(ids.get(t), relations.get(parentRelations[t][i]), ids.get(parents[t][i])));
            }
        }
        return out;
    }

    /** Direct parents of a term over the given relations (all when {@code via} is empty). */
    public IndexSet parentsOf(int term, Set<String> via) {
        return select(parents[term], parentRelations[term], via);
    }

    /** Direct children of a term over the given relations (all when {@code via} is empty). */
    public IndexSet childrenOf(int term, Set<String> via) {
        return select(children[term], childRelations[term], via);
    }

    /** The edges from {@code child} to {@code parent} (their relation names; empty when not adjacent). */
    public List<String> relationsBetween(int child, int parent) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parents[child].length; i++) {
            if (parents[child][i] == parent) {
                out.add(relations.get(parentRelations[child][i]));
            }
        }
        return out;
    }

    /** Proper ancestors of a term: every term reachable upward over the given relations (all when empty). */
    public IndexSet ancestors(int term, Set<String> via) {
        return closure(via).ancestors[term];
    }

    /** Proper descendants: every term from which {@code term} is reachable upward over the given relations. */
    public IndexSet descendants(int term, Set<String> via) {
        boolean[] seen = new boolean[ids.size()];
        Deque<Integer> queue = new ArrayDeque<>();
        queue.add(term);
        List<Integer> found = new ArrayList<>();
        boolean all = via.isEmpty();
        while (!queue.isEmpty()) {
            int t = queue.poll();
            for (int i = 0; i < children[t].length; i++) {
                int c = children[t][i];
                if (!seen[c] && (all || via.contains(relations.get(childRelations[t][i])))) {
                    seen[c] = true;
                    found.add(c);
                    queue.add(c);
                }
            }
        }
        return IndexSet.of(found.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Length of the shortest upward path from the term to a root over the relations (0 for a root). */
    public int depth(int term, Set<String> via) {
        return closure(via).depth[term];
    }

    /** Terms subsuming every given term: the intersection of their reflexive ancestor sets. */
    public IndexSet commonSubsumers(Collection<Integer> terms, Set<String> via) {
        requireSome(terms);
        IndexSet common = null;
        for (int t : terms) {
            IndexSet up = ancestors(t, via).with(t);
            common = common == null ? up : common.intersection(up);
        }
        return common;
    }

    /**
     * The least common subsumers: the minimal elements of {@link #commonSubsumers} (those with no other common
     * subsumer below them). In a tree there is one; in a DAG there may be several.
     */
    public IndexSet leastCommonSubsumers(Collection<Integer> terms, Set<String> via) {
        IndexSet common = commonSubsumers(terms, via);
        IndexSet covered = IndexSet.empty();
        for (int c : common.toArray()) {
            covered = covered.union(ancestors(c, via).intersection(common));
        }
        return common.minus(covered);
    }

    /**
     * The lowest common ancestor: among the least common subsumers, the deepest one (ties broken by id), or empty
     * when the terms share no ancestor.
     */
    public java.util.OptionalInt lowestCommonAncestor(Collection<Integer> terms, Set<String> via) {
        IndexSet lcs = leastCommonSubsumers(terms, via);
        return lcs.stream().boxed()
                .max(Comparator.comparingInt((Integer t) -> depth(t, via)).thenComparing(t -> ids.get(t),
                        Comparator.reverseOrder()))
                .map(java.util.OptionalInt::of).orElse(java.util.OptionalInt.empty());
    }

    /**
     * Multi-level abstraction: replaces each term by its ancestors-or-self at exactly depth {@code level} (a term
     * already at or above that level stands for itself). The result maps each input id to its generalisations.
     */
    public Map<String, List<String>> generalise(Collection<String> termIds, int level, Set<String> via) {
        if (level < 0) {
            throw new InvalidInputException(COMPONENT, "LEVEL_INVALID", "level must be at least 0, was " + level);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String id : termIds) {
            int t = termOf(id);
            if (depth(t, via) <= level) {
                out.put(id, List.of(id));
                continue;
            }
            TreeSet<String> at = new TreeSet<>();
            for (int a : ancestors(t, via).toArray()) {
                if (depth(a, via) == level) {
                    at.add(ids.get(a));
                }
            }
            out.put(id, List.copyOf(at));
        }
        return out;
    }

    /** The sub-hierarchy made of the given terms and all their ancestors over the relations. */
    public Taxonomy upwardClosure(Collection<Integer> terms, Set<String> via) {
        IndexSet keep = IndexSet.empty();
        for (int t : terms) {
            keep = keep.union(ancestors(t, via)).with(t);
        }
        Builder b = builder();
        for (int t : keep.toArray()) {
            b.term(ids.get(t), names.get(t));
        }
        for (int t : keep.toArray()) {
            for (int i = 0; i < parents[t].length; i++) {
                String rel = relations.get(parentRelations[t][i]);
                if (keep.contains(parents[t][i]) && (via.isEmpty() || via.contains(rel))) {
                    b.edge(ids.get(t), rel, ids.get(parents[t][i]));
                }
            }
        }
        return b.build();
    }

    private IndexSet select(int[] targets, int[] rels, Set<String> via) {
        if (via.isEmpty()) {
            return IndexSet.of(targets);
        }
        int[] out = new int[targets.length];
        int n = 0;
        for (int i = 0; i < targets.length; i++) {
            if (via.contains(relations.get(rels[i]))) {
                out[n++] = targets[i];
            }
        }
        return IndexSet.of(Arrays.copyOf(out, n));
    }

    private void requireSome(Collection<Integer> terms) {
        if (terms.isEmpty()) {
            throw new InvalidInputException(COMPONENT, "TERMS_REQUIRED", "name at least one term");
        }
    }

    private synchronized Closure closure(Set<String> via) {
        for (String r : via) {
            if (!relations.contains(r)) {
                throw new InvalidInputException(COMPONENT, "RELATION_UNKNOWN", "relation " + r
                        + " does not occur in the taxonomy; known relations: " + relations);
            }
        }
        Set<String> key = Set.copyOf(via.size() == relations.size() ? Set.of() : via);
        return closures.computeIfAbsent(key, this::computeClosure);
    }

    private Closure computeClosure(Set<String> via) {
        int n = ids.size();
        boolean[] allowed = new boolean[relations.size()];
        for (int r = 0; r < allowed.length; r++) {
            allowed[r] = via.isEmpty() || via.contains(relations.get(r));
        }
        IndexSet[] anc = new IndexSet[n];
        int[] depth = new int[n];
        for (int t : topological) {
            IndexSet up = IndexSet.empty();
            int d = Integer.MAX_VALUE;
            int[] buffer = new int[parents[t].length];
            int k = 0;
            for (int i = 0; i < parents[t].length; i++) {
                if (allowed[parentRelations[t][i]]) {
                    int p = parents[t][i];
                    buffer[k++] = p;
                    up = up.union(anc[p]);
                    d = Math.min(d, depth[p] + 1);
                }
            }
            anc[t] = k == 0 ? up : up.union(IndexSet.of(Arrays.copyOf(buffer, k)));
            depth[t] = k == 0 ? 0 : d;
        }
        return new Closure(anc, depth);
    }

    private record Closure(IndexSet[] ancestors, int[] depth) {
    }

    /** Collects terms and edges; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> terms = new LinkedHashMap<>();
        private final Set<Edge> edges = new LinkedHashSet<>();

        /** Declares a term (a later declaration with a non-empty name wins). */
        public Builder term(String id, String name) {
            if (id == null || id.isBlank()) {
                throw new InvalidInputException(COMPONENT, "TERM_ID_INVALID", "term ids must not be blank");
            }
            String old = terms.get(id);
            if (old == null || old.isEmpty()) {
                terms.put(id, name == null ? "" : name);
            }
            return this;
        }

        /** Adds an edge; both ends are declared as terms if they were not. */
        public Builder edge(String child, String relation, String parent) {
            if (relation == null || relation.isBlank()) {
                throw new InvalidInputException(COMPONENT, "RELATION_INVALID", "edge " + child + " -> " + parent
                        + " has a blank relation");
            }
            term(child, "");
            term(parent, "");
            edges.add(new Edge(child, relation, parent));
            return this;
        }

        /**
         * @throws InvalidInputException code {@code TAXONOMY_CYCLE} with the cycle (every edge on it) in the message
         *         and in the details under {@code cycle}; code {@code SELF_LOOP} for an edge from a term to itself
         */
        public Taxonomy build() {
            List<String> ids = List.copyOf(terms.keySet());
            List<String> names = List.copyOf(terms.values());
            Map<String, Integer> index = new HashMap<>(ids.size() * 2);
            for (int i = 0; i < ids.size(); i++) {
                index.put(ids.get(i), i);
            }
            List<String> relations = List.copyOf(new TreeSet<>(edges.stream().map(Edge::relation).toList()));
            Map<String, Integer> relIndex = new HashMap<>();
            for (int i = 0; i < relations.size(); i++) {
                relIndex.put(relations.get(i), i);
            }
            int n = ids.size();
            int[] outDeg = new int[n];
            int[] inDeg = new int[n];
            for (Edge e : edges) {
                if (e.child().equals(e.parent())) {
                    throw new InvalidInputException(COMPONENT, "SELF_LOOP", "edge " + e.child() + " " + e.relation()
                            + " " + e.parent() + " relates a term to itself; remove it");
                }
                outDeg[index.get(e.child())]++;
                inDeg[index.get(e.parent())]++;
            }
            int[][] parents = new int[n][];
            int[][] parentRel = new int[n][];
            int[][] children = new int[n][];
            int[][] childRel = new int[n][];
            for (int t = 0; t < n; t++) {
                parents[t] = new int[outDeg[t]];
                parentRel[t] = new int[outDeg[t]];
                children[t] = new int[inDeg[t]];
                childRel[t] = new int[inDeg[t]];
            }
            int[] pf = new int[n];
            int[] cf = new int[n];
            for (Edge e : edges) {
                int c = index.get(e.child());
                int p = index.get(e.parent());
                int r = relIndex.get(e.relation());
                parents[c][pf[c]] = p;
                parentRel[c][pf[c]++] = r;
                children[p][cf[p]] = c;
                childRel[p][cf[p]++] = r;
            }
            // Kahn: parents (roots) first.
            int[] remaining = outDeg.clone();
            int[] order = new int[n];
            int head = 0;
            int tail = 0;
            for (int t = 0; t < n; t++) {
                if (remaining[t] == 0) {
                    order[tail++] = t;
                }
            }
            while (head < tail) {
                int t = order[head++];
                for (int c : children[t]) {
                    if (--remaining[c] == 0) {
                        order[tail++] = c;
                    }
                }
            }
            if (tail < n) {
                throw cycleError(ids, relations, parents, parentRel, remaining);
            }
            return new Taxonomy(ids, names, index, relations, parents, parentRel, children, childRel, order,
                    edges.size());
        }

        private static InvalidInputException cycleError(List<String> ids, List<String> relations, int[][] parents,
                int[][] parentRel, int[] remaining) {
            int start = 0;
            while (remaining[start] == 0) {
                start++;
            }
            // Every term left has a parent that is also left, so walking to such parents must revisit a term.
            Map<Integer, Integer> position = new HashMap<>();
            List<Integer> path = new ArrayList<>();
            List<Integer> viaRel = new ArrayList<>();
            int t = start;
            while (!position.containsKey(t)) {
                position.put(t, path.size());
                path.add(t);
                int next = -1;
                int rel = -1;
                for (int i = 0; i < parents[t].length; i++) {
                    if (remaining[parents[t][i]] > 0) {
                        next = parents[t][i];
                        rel = parentRel[t][i];
                        break;
                    }
                }
                viaRel.add(rel);
                t = next;
            }
            StringBuilder cycle = new StringBuilder(ids.get(t));
            for (int i = position.get(t); i < path.size(); i++) {
                int to = i + 1 < path.size() ? path.get(i + 1) : t;
                cycle.append(' ').append(relations.get(viaRel.get(i))).append(' ').append(ids.get(to));
            }
            return new InvalidInputException(COMPONENT, "TAXONOMY_CYCLE", "the taxonomy has a cycle: " + cycle
                    + "; remove one of these edges", List.of(), Map.of("cycle", cycle.toString()), null);
        }
    }
}
