package io.multisystem.lattice.taxonomy;

import io.multisystem.lattice.bits.IndexSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The taxonomy reasoning checked against naive references on random small ontologies (DAGs of up to 14 terms over
 * is_a and part_of, declared in a shuffled order so that term indices are not a topological order): ancestors and
 * descendants against Floyd-Warshall reachability, depth against a shortest-path fixpoint, common and least common
 * subsumers and the lowest common ancestor against their definitions, Horn inference against naive (not semi-naive)
 * bottom-up evaluation; and the closure operators (upward closure of a term set, Horn closure of a fact set) are
 * extensive, monotone and idempotent.
 */
class TaxonomyProperties {
    static final List<Set<String>> VIAS = List.of(Set.of(), Set.of("is_a"), Set.of("part_of"), Set.of("is_a",
            "part_of"));

    /** The relation sets to follow that the taxonomy knows (an unknown relation is an error by design). */
    static List<Set<String>> vias(Taxonomy t) {
        return VIAS.stream().filter(v -> t.relations().containsAll(v)).toList();
    }

    /** A random ontology: its edges (child, relation, parent) always point from a later to an earlier rank. */
    record Ontology(Taxonomy taxonomy, long seed) {
        @Override
        public String toString() {
            return taxonomy.edges().toString();
        }
    }

    @Provide
    Arbitrary<Ontology> ontologies() {
        return Arbitraries.longs().map(TaxonomyProperties::generate);
    }

    static Ontology generate(long seed) {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(14);
        double density = 0.1 + random.nextDouble() * 0.4;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        Taxonomy.Builder b = Taxonomy.builder();
        for (int i : order) {
            b.term("t" + i, "term " + i);
        }
        for (int child = 1; child < n; child++) {
            for (int parent = 0; parent < child; parent++) {
                if (random.nextDouble() < density) {
                    b.edge("t" + child, random.nextInt(3) == 0 ? "part_of" : "is_a", "t" + parent);
                }
            }
        }
        return new Ontology(b.build(), seed);
    }

    /** reach[i][j]: j is a proper ancestor of i over the relations (Floyd-Warshall on the edge matrix). */
    static boolean[][] reach(Taxonomy t, Set<String> via) {
        int n = t.termCount();
        boolean[][] r = new boolean[n][n];
        for (Taxonomy.Edge e : t.edges()) {
            if (via.isEmpty() || via.contains(e.relation())) {
                r[t.termOf(e.child())][t.termOf(e.parent())] = true;
            }
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    r[i][j] |= r[i][k] && r[k][j];
                }
            }
        }
        return r;
    }

    static Set<Integer> row(boolean[][] r, int i) {
        Set<Integer> out = new TreeSet<>();
        for (int j = 0; j < r.length; j++) {
            if (r[i][j]) {
                out.add(j);
            }
        }
        return out;
    }

    static Set<Integer> set(IndexSet s) {
        return new TreeSet<>(s.stream().boxed().toList());
    }

    @Property(tries = 300, seed = "61")
    void ancestorsAndDescendantsEqualNaiveReachability(@ForAll("ontologies") Ontology o) {
        Taxonomy t = o.taxonomy();
        for (Set<String> via : vias(t)) {
            boolean[][] r = reach(t, via);
            for (int i = 0; i < t.termCount(); i++) {
                assertThat(set(t.ancestors(i, via))).as("ancestors of %s via %s", t.id(i), via).isEqualTo(row(r, i));
                Set<Integer> below = new TreeSet<>();
                for (int j = 0; j < t.termCount(); j++) {
                    if (r[j][i]) {
                        below.add(j);
                    }
                }
                assertThat(set(t.descendants(i, via))).as("descendants of %s via %s", t.id(i), via).isEqualTo(below);
            }
        }
    }

    @Property(tries = 300, seed = "62")
    void depthIsTheShortestUpwardPathToARoot(@ForAll("ontologies") Ontology o) {
        Taxonomy t = o.taxonomy();
        for (Set<String> via : vias(t)) {
            int n = t.termCount();
            int[] depth = new int[n];
            java.util.Arrays.fill(depth, Integer.MAX_VALUE / 2);
            List<List<Integer>> parents = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                parents.add(new ArrayList<>());
            }
            for (Taxonomy.Edge e : t.edges()) {
                if (via.isEmpty() || via.contains(e.relation())) {
                    parents.get(t.termOf(e.child())).add(t.termOf(e.parent()));
                }
            }
            boolean changed = true;
            while (changed) { // Bellman-Ford style relaxation until nothing changes
                changed = false;
                for (int i = 0; i < n; i++) {
                    int d = parents.get(i).isEmpty() ? 0 : Integer.MAX_VALUE / 2;
                    for (int p : parents.get(i)) {
                        d = Math.min(d, depth[p] + 1);
                    }
                    if (d < depth[i]) {
                        depth[i] = d;
                        changed = true;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                assertThat(t.depth(i, via)).as("depth of %s via %s", t.id(i), via).isEqualTo(depth[i]);
            }
        }
    }

    @Property(tries = 300, seed = "63")
    void subsumersOfTermSetsEqualTheirDefinitions(@ForAll("ontologies") Ontology o, @ForAll long pick) {
        Taxonomy t = o.taxonomy();
        Random random = new Random(pick);
        int n = t.termCount();
        for (Set<String> via : vias(t)) {
            boolean[][] r = reach(t, via);
            List<Integer> terms = new ArrayList<>();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                terms.add(random.nextInt(n));
            }
            Set<Integer> common = new TreeSet<>();
            for (int c = 0; c < n; c++) {
                boolean all = true;
                for (int x : terms) {
                    all &= c == x || r[x][c];
                }
                if (all) {
                    common.add(c);
                }
            }
            assertThat(set(t.commonSubsumers(terms, via))).isEqualTo(common);
            Set<Integer> least = new TreeSet<>();
            for (int c : common) {
                boolean minimal = true;
                for (int d : common) {
                    minimal &= !(d != c && r[d][c]); // no other common subsumer strictly below c
                }
                if (minimal) {
                    least.add(c);
                }
            }
            assertThat(set(t.leastCommonSubsumers(terms, via))).as("lcs of %s via %s", terms, via).isEqualTo(least);
            OptionalInt lca = t.lowestCommonAncestor(terms, via);
            if (least.isEmpty()) {
                assertThat(lca).isEmpty();
            } else {
                int best = -1;
                for (int c : least) {
                    if (best < 0 || t.depth(c, via) > t.depth(best, via)
                            || t.depth(c, via) == t.depth(best, via) && t.id(c).compareTo(t.id(best)) < 0) {
                        best = c;
                    }
                }
                assertThat(lca).hasValue(best);
            }
        }
    }

    /** cl(S) = S ∪ ancestors(S), as the ids of {@link Taxonomy#upwardClosure}. */
    static Set<Integer> upward(Taxonomy t, Set<Integer> terms, Set<String> via) {
        Set<Integer> out = new TreeSet<>();
        for (String id : t.upwardClosure(terms, via).ids()) {
            out.add(t.termOf(id));
        }
        return out;
    }

    @Property(tries = 300, seed = "64")
    void upwardClosureIsExtensiveMonotoneIdempotentAndNaive(@ForAll("ontologies") Ontology o, @ForAll long pick) {
        Taxonomy t = o.taxonomy();
        Random random = new Random(pick);
        for (Set<String> via : vias(t)) {
            boolean[][] r = reach(t, via);
            Set<Integer> small = new TreeSet<>();
            Set<Integer> large = new TreeSet<>();
            for (int i = 0; i < t.termCount(); i++) {
                int roll = random.nextInt(4);
                if (roll == 0) {
                    small.add(i);
                }
                if (roll <= 1) {
                    large.add(i);
                }
            }
            Set<Integer> cl = upward(t, small, via);
            Set<Integer> naive = new TreeSet<>(small);
            for (int s : small) {
                naive.addAll(row(r, s));
            }
            assertThat(cl).as("naive").isEqualTo(naive);
            assertThat(cl).as("extensive").containsAll(small);
            assertThat(upward(t, large, via)).as("monotone").containsAll(cl);
            assertThat(upward(t, cl, via)).as("idempotent").isEqualTo(cl);
        }
    }

    /** Naive bottom-up evaluation: apply every rule to all known facts until nothing new appears. */
    static Set<HornReasoner.Fact> naiveInference(Taxonomy t, List<HornRule> rules) {
        Set<HornReasoner.Fact> facts = new HashSet<>();
        for (Taxonomy.Edge e : t.edges()) {
            facts.add(new HornReasoner.Fact(e.relation(), t.termOf(e.child()), t.termOf(e.parent())));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (HornRule rule : rules) {
                List<String> vars = new ArrayList<>();
                for (HornRule.Atom a : rule.body()) {
                    for (String v : List.of(a.first(), a.second())) {
                        if (!vars.contains(v)) {
                            vars.add(v);
                        }
                    }
                }
                int[] values = new int[vars.size()];
                int n = t.termCount();
                long combinations = (long) Math.pow(n, vars.size());
                for (long code = 0; code < combinations; code++) {
                    long c = code;
                    for (int v = 0; v < values.length; v++) {
                        values[v] = (int) (c % n);
                        c /= n;
                    }
                    Map<String, Integer> env = new HashMap<>();
                    for (int v = 0; v < values.length; v++) {
                        env.put(vars.get(v), values[v]);
                    }
                    boolean body = true;
                    for (HornRule.Atom a : rule.body()) {
                        body &= facts.contains(new HornReasoner.Fact(a.predicate(), env.get(a.first()),
                                env.get(a.second())));
                    }
                    int child = env.get(rule.head().first());
                    int parent = env.get(rule.head().second());
                    if (body && child != parent
                            && facts.add(new HornReasoner.Fact(rule.head().predicate(), child, parent))) {
                        changed = true;
                    }
                }
            }
        }
        return facts;
    }

    @Property(tries = 150, seed = "65")
    void semiNaiveHornInferenceEqualsNaiveEvaluation(@ForAll("ontologies") Ontology o) {
        Taxonomy t = o.taxonomy();
        List<HornRule> rules = HornRule.geneOntologyDefaults();
        assertThat(HornReasoner.infer(t, rules).facts()).isEqualTo(naiveInference(t, rules));
        List<HornRule> isA = List.of(HornRule.transitive("is_a"));
        Set<HornReasoner.Fact> closure = HornReasoner.infer(t, isA).facts();
        boolean[][] r = reach(t, Set.of("is_a"));
        for (int i = 0; i < t.termCount(); i++) {
            for (int j = 0; j < t.termCount(); j++) {
                assertThat(closure.contains(new HornReasoner.Fact("is_a", i, j))).isEqualTo(r[i][j]);
            }
        }
    }

    /** The taxonomy whose edges are the given facts (terms kept in the same order, so indices agree). */
    static Taxonomy withEdges(Taxonomy t, Set<HornReasoner.Fact> facts) {
        Taxonomy.Builder b = Taxonomy.builder();
        for (int i = 0; i < t.termCount(); i++) {
            b.term(t.id(i), t.name(i));
        }
        for (HornReasoner.Fact f : facts) {
            b.edge(t.id(f.child()), f.relation(), t.id(f.parent()));
        }
        return b.build();
    }

    @Property(tries = 150, seed = "66")
    void hornClosureIsExtensiveMonotoneAndIdempotent(@ForAll("ontologies") Ontology o, @ForAll long pick) {
        Taxonomy t = o.taxonomy();
        List<HornRule> rules = HornRule.geneOntologyDefaults();
        Set<HornReasoner.Fact> closed = HornReasoner.infer(t, rules).facts();
        for (Taxonomy.Edge e : t.edges()) {
            assertThat(closed).as("extensive").contains(new HornReasoner.Fact(e.relation(), t.termOf(e.child()),
                    t.termOf(e.parent())));
        }
        assertThat(HornReasoner.infer(withEdges(t, closed), rules).facts()).as("idempotent").isEqualTo(closed);
        // monotone: more edges (still downward in rank, so still acyclic) give at least the same facts
        Random random = new Random(pick);
        Set<HornReasoner.Fact> more = new HashSet<>();
        for (Taxonomy.Edge e : t.edges()) {
            more.add(new HornReasoner.Fact(e.relation(), t.termOf(e.child()), t.termOf(e.parent())));
        }
        int n = t.termCount();
        for (int k = 0; k < 3 && n > 1; k++) {
            int child = 1 + random.nextInt(n - 1);
            int parent = random.nextInt(child);
            int c = t.termOf("t" + child);
            int p = t.termOf("t" + parent);
            if (c < t.termCount() && p < t.termCount()) {
                more.add(new HornReasoner.Fact(random.nextBoolean() ? "is_a" : "part_of", c, p));
            }
        }
        assertThat(HornReasoner.infer(withEdges(t, more), rules).facts()).as("monotone").containsAll(closed);
    }
}
