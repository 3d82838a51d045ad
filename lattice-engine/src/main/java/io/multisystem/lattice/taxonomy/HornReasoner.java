package io.multisystem.lattice.taxonomy;

import io.multisystem.core.error.ResourceExhaustedException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Horn-rule inference over a taxonomy's edges by semi-naive bottom-up evaluation, with explanations.
 * <p>Design note. The base facts are the edges {@code relation(child, parent)}. Each round evaluates every rule once per
 * body position i with atom i bound to the facts new in the previous round (Δ) and the other atoms to all facts known so
 * far, so a derivation is found in the first round after its last premise appears and no fact is joined twice with the
 * same old premises (Bancilhon 1986; the evaluation Soufflé and other Datalog engines use). Joins run left to right,
 * each atom looked up through per-relation indexes by first or second argument when bound. Every derived fact records
 * its first derivation (rule and premise facts), so {@link Inference#explain} unfolds a proof tree down to the edges.
 * Terminates because the fact space (relations × terms²) is finite; {@code maxFacts} bounds memory.
 * Stateless and thread-safe; the returned {@link Inference} is immutable.
 */
public final class HornReasoner {
    public static final long DEFAULT_MAX_FACTS = 20_000_000;

    private HornReasoner() {
    }

    /** A fact {@code relation(child, parent)} over term indices. */
    public record Fact(String relation, int child, int parent) {
    }

    /** How a fact came to be: an edge (rule null, no premises) or a rule applied to premises. */
    public record Derivation(Fact fact, HornRule rule, List<Fact> premises) {
        public boolean isEdge() {
            return rule == null;
        }
    }

    /** The closed set of facts. */
    public static final class Inference {
        private final Taxonomy taxonomy;
        private final Map<Fact, Derivation> derivations;
        private final int rounds;
        private final long edgeFacts;

        Inference(Taxonomy taxonomy, Map<Fact, Derivation> derivations, int rounds, long edgeFacts) {
            this.taxonomy = taxonomy;
            this.derivations = derivations;
            this.rounds = rounds;
            this.edgeFacts = edgeFacts;
        }

        public int rounds() {
            return rounds;
        }

        public long factCount() {
            return derivations.size();
        }

        public long inferredCount() {
            return derivations.size() - edgeFacts;
        }

        public boolean holds(String relation, String child, String parent) {
            return derivations.containsKey(new Fact(relation, taxonomy.termOf(child), taxonomy.termOf(parent)));
        }

        /** Every fact that holds: the base edges and the derived facts. */
        public Set<Fact> facts() {
            return java.util.Collections.unmodifiableSet(derivations.keySet());
        }

        /** The facts of a relation with the given child (the inferred parents). */
        public Set<Integer> objectsOf(String relation, int child) {
            Set<Integer> out = new java.util.TreeSet<>();
            for (Fact f : derivations.keySet()) {
                if (f.child() == child && f.relation().equals(relation)) {
                    out.add(f.parent());
                }
            }
            return out;
        }

        /**
         * The proof of a fact as lines, root first, premises indented: each line is the fact and either
         * {@code [edge]} or {@code [by RULE]}. Empty when the fact does not hold.
         */
        public List<String> explain(String relation, String child, String parent) {
            Fact fact = new Fact(relation, taxonomy.termOf(child), taxonomy.termOf(parent));
            List<String> lines = new ArrayList<>();
            if (derivations.containsKey(fact)) {
                explain(fact, 0, lines);
            }
            return lines;
        }

        /** The edges a fact rests on, in proof order (the chain of edges behind it). */
        public List<Fact> supportingEdges(String relation, String child, String parent) {
            List<Fact> out = new ArrayList<>();
            Fact fact = new Fact(relation, taxonomy.termOf(child), taxonomy.termOf(parent));
            if (derivations.containsKey(fact)) {
                collectEdges(fact, out);
            }
            return out;
        }

        public String render(Fact f) {
            return f.relation() + "(" + taxonomy.id(f.child()) + ", " + taxonomy.id(f.parent()) + ")";
        }

        private void collectEdges(Fact f, List<Fact> out) {
            Derivation d = derivations.get(f);
            if (d.isEdge()) {
                out.add(f);
            } else {
                for (Fact p : d.premises()) {
                    collectEdges(p, out);
                }
            }
        }

        private void explain(Fact f, int indent, List<String> lines) {
            Derivation d = derivations.get(f);
            lines.add("  ".repeat(indent) + render(f) + (d.isEdge() ? "  [edge]" : "  [by " + d.rule() + "]"));
            if (!d.isEdge()) {
                for (Fact p : d.premises()) {
                    explain(p, indent + 1, lines);
                }
            }
        }
    }

    public static Inference infer(Taxonomy taxonomy, List<HornRule> rules) {
        return infer(taxonomy, rules, DEFAULT_MAX_FACTS);
    }

    /**
     * @throws ResourceExhaustedException code {@code FACT_BUDGET_EXCEEDED} when more than {@code maxFacts} facts
     *         would be derived (nothing is returned; no state exists to change)
     */
    public static Inference infer(Taxonomy taxonomy, List<HornRule> rules, long maxFacts) {
        Map<Fact, Derivation> known = new HashMap<>();
        Map<String, Index> indexes = new HashMap<>();
        List<Fact> delta = new ArrayList<>();
        for (Taxonomy.Edge e : taxonomy.edges()) {
            Fact f = new Fact(e.relation(), taxonomy.termOf(e.child()), taxonomy.termOf(e.parent()));
            if (known.putIfAbsent(f, new Derivation(f, null, List.of())) == null) {
                delta.add(f);
                indexes.computeIfAbsent(f.relation(), r -> new Index()).add(f);
            }
        }
        long edgeFacts = known.size();
        int rounds = 0;
        while (!delta.isEmpty()) {
            rounds++;
            Map<String, List<Fact>> deltaByRelation = new HashMap<>();
            for (Fact f : delta) {
                deltaByRelation.computeIfAbsent(f.relation(), r -> new ArrayList<>()).add(f);
            }
            Map<Fact, Derivation> fresh = new HashMap<>();
            for (HornRule rule : rules) {
                for (int i = 0; i < rule.body().size(); i++) {
                    List<Fact> seeds = deltaByRelation.get(rule.body().get(i).predicate());
                    if (seeds == null) {
                        continue;
                    }
                    for (Fact seed : seeds) {
                        Map<String, Integer> binding = new HashMap<>();
                        if (!bind(rule.body().get(i), seed, binding)) {
                            continue;
                        }
                        Fact[] premises = new Fact[rule.body().size()];
                        premises[i] = seed;
                        join(rule, 0, i, binding, premises, indexes, known, fresh);
                    }
                }
            }
            if (known.size() + fresh.size() > maxFacts) {
                throw new ResourceExhaustedException(Taxonomy.COMPONENT, "FACT_BUDGET_EXCEEDED", "inference would"
                        + " derive more than " + maxFacts + " facts; use fewer or narrower rules");
            }
            delta = new ArrayList<>(fresh.keySet());
            for (Fact f : delta) {
                known.put(f, fresh.get(f));
                indexes.computeIfAbsent(f.relation(), r -> new Index()).add(f);
            }
        }
        return new Inference(taxonomy, Map.copyOf(known), rounds, edgeFacts);
    }

    private static void join(HornRule rule, int position, int seeded, Map<String, Integer> binding, Fact[] premises,
            Map<String, Index> indexes, Map<Fact, Derivation> known, Map<Fact, Derivation> fresh) {
        if (position == rule.body().size()) {
            Fact head = new Fact(rule.head().predicate(), binding.get(rule.head().first()),
                    binding.get(rule.head().second()));
            if (head.child() != head.parent() && !known.containsKey(head) && !fresh.containsKey(head)) {
                fresh.put(head, new Derivation(head, rule, List.of(premises.clone())));
            }
            return;
        }
        if (position == seeded) {
            join(rule, position + 1, seeded, binding, premises, indexes, known, fresh);
            return;
        }
        HornRule.Atom atom = rule.body().get(position);
        Index index = indexes.get(atom.predicate());
        if (index == null) {
            return;
        }
        Integer a = binding.get(atom.first());
        Integer b = binding.get(atom.second());
        Iterable<Fact> candidates = a != null ? index.byChild.getOrDefault(a, List.of())
                : b != null ? index.byParent.getOrDefault(b, List.of()) : index.all;
        for (Fact f : candidates) {
            Map<String, Integer> next = new HashMap<>(binding);
            if (bind(atom, f, next)) {
                premises[position] = f;
                join(rule, position + 1, seeded, next, premises, indexes, known, fresh);
            }
        }
    }

    private static boolean bind(HornRule.Atom atom, Fact f, Map<String, Integer> binding) {
        Integer a = binding.putIfAbsent(atom.first(), f.child());
        if (a != null && a != f.child()) {
            return false;
        }
        Integer b = binding.putIfAbsent(atom.second(), f.parent());
        return b == null || b == f.parent();
    }

    private static final class Index {
        final Map<Integer, List<Fact>> byChild = new HashMap<>();
        final Map<Integer, List<Fact>> byParent = new HashMap<>();
        final List<Fact> all = new ArrayList<>();

        void add(Fact f) {
            byChild.computeIfAbsent(f.child(), k -> new ArrayList<>()).add(f);
            byParent.computeIfAbsent(f.parent(), k -> new ArrayList<>()).add(f);
            all.add(f);
        }
    }
}
