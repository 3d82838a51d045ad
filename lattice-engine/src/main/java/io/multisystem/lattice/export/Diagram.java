package io.multisystem.lattice.export;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.ConceptLattice;
import io.multisystem.lattice.taxonomy.Taxonomy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A drawable order: nodes with a short label and an optional second line, and edges from a lower node to an upper node
 * (covers of a lattice, child→parent edges of a hierarchy). Built from a concept lattice with reduced labelling (each
 * attribute at its attribute concept, each object at its object concept, as in ConExp) or from a taxonomy.
 * Immutable.
 *
 * @param upperLabels first line of each node (attributes, or the term id)
 * @param lowerLabels second line of each node (objects, or the term name); may be empty strings
 * @param edges       pairs {lower, upper}
 * @param edgeLabels  one label per edge (empty for lattices)
 */
public record Diagram(String title, List<String> upperLabels, List<String> lowerLabels, List<int[]> edges,
                      List<String> edgeLabels) {
    public static final int MAX_NODES = 5_000;

    public Diagram {
        upperLabels = List.copyOf(upperLabels);
        lowerLabels = List.copyOf(lowerLabels);
        edges = List.copyOf(edges);
        edgeLabels = List.copyOf(edgeLabels);
        requireDrawable(upperLabels.size());
    }

    public int size() {
        return upperLabels.size();
    }

    /** The lattice's Hasse diagram with reduced labelling. */
    public static Diagram of(ConceptLattice lattice, String title) {
        FormalContext context = lattice.context();
        int n = lattice.size();
        requireDrawable(n);
        List<List<String>> attrs = new ArrayList<>();
        List<List<String>> objs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            attrs.add(new ArrayList<>());
            objs.add(new ArrayList<>());
        }
        for (int m = 0; m < context.attributeCount(); m++) {
            int mm = m;
            lattice.findByIntent(context.closeIntent(IndexSet.of(m)))
                    .ifPresent(i -> attrs.get(i).add(context.attributes().get(mm)));
        }
        for (int g = 0; g < context.objectCount(); g++) {
            int gg = g;
            lattice.findByIntent(context.objectIntent(g)).ifPresent(i -> objs.get(i).add(context.objects().get(gg)));
        }
        List<String> upper = new ArrayList<>();
        List<String> lower = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            upper.add(String.join(", ", attrs.get(i)));
            lower.add(String.join(", ", objs.get(i)));
        }
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int up : lattice.upperCovers(i)) {
                edges.add(new int[] {i, up});
            }
        }
        return new Diagram(title, upper, lower, edges, Collections.nCopies(edges.size(), ""));
    }

    /** The whole taxonomy (use {@link Taxonomy#upwardClosure} first for a sub-hierarchy). */
    public static Diagram of(Taxonomy taxonomy, String title) {
        int n = taxonomy.termCount();
        requireDrawable(n);
        List<String> upper = new ArrayList<>();
        List<String> lower = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            upper.add(taxonomy.id(t));
            lower.add(taxonomy.name(t));
        }
        List<int[]> edges = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Taxonomy.Edge e : taxonomy.edges()) {
            edges.add(new int[] {taxonomy.termOf(e.child()), taxonomy.termOf(e.parent())});
            labels.add(Taxonomy.IS_A.equals(e.relation()) ? "" : e.relation());
        }
        return new Diagram(title, upper, lower, edges, labels);
    }

    private static void requireDrawable(int n) {
        if (n > MAX_NODES) {
            throw new InvalidInputException(FormalContext.COMPONENT, "DIAGRAM_TOO_LARGE", "a drawing has at most "
                    + MAX_NODES + " nodes, this one " + n + "; draw an iceberg (min support) or a sub-hierarchy");
        }
    }
}
