package io.multisystem.lattice.incremental;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.Concept;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A concept lattice (concepts and Hasse edges) kept equal to the lattice of its context while objects, attributes and
 * incidences are added and removed.
 *
 * <p>Design note.
 * <ul>
 *   <li><b>Adding an object</b> with intent B is AddIntent (Van der Merwe, Obiedkov &amp; Kourie 2004): starting from
 *       the bottom concept, find the most general concept whose intent contains B; if its intent is B, that concept
 *       becomes the object concept; otherwise create (extent of the generator, B), first recursively creating the
 *       intersections of B with the intents of the generator's parents, link the new concept between its minimal new
 *       parents and the generator. Then the object joins the extent of the object concept and of every concept above
 *       it. New intents are exactly {B ∩ C : C an old intent}.</li>
 *   <li><b>Adding an attribute</b> is the same algorithm on the dual lattice (extents for intents, lower covers for
 *       upper covers, starting from the top).</li>
 *   <li><b>Removing an object</b> g: g leaves every extent; a concept (A, B) stops being closed iff one of its lower
 *       covers now has the same extent (that lower cover is ((A\{g}), (A\{g})'), which existed before), so exactly
 *       those concepts are deleted and no new intents appear. Hasse edges are repaired locally: a survivor whose upper
 *       cover was deleted gets as new upper covers the minimal survivors reachable upward through deleted concepts
 *       (together with its surviving upper covers), which are exactly its covers among the survivors because the order
 *       between survivors is unchanged. Object indices above g shift down by one.</li>
 *   <li><b>Removing an attribute</b> is the dual of removing an object.</li>
 *   <li><b>Adding or removing an incidence</b> (g, m) detaches g as in a removal (without renumbering), then adds it
 *       back with its changed intent by AddIntent.</li>
 * </ul>
 * Invariants after every operation: the concepts are exactly those of {@link #context()}, every edge is a cover, and
 * the bottom concept has intent M and the top concept extent G. Costs: an addition is O(|L| · |M|/64) in the worst
 * case per created concept (the paper's bound), a removal O(|L| · max(|G|, |M|)/64).
 *
 * <p>Not thread-safe: confine an instance to one thread or guard it. A rejected call (bad index) changes nothing.
 */
public final class IncrementalLattice {
    private final List<String> objects = new ArrayList<>();
    private final List<String> attributes = new ArrayList<>();
    private final List<BitSet> rows = new ArrayList<>();
    private final Set<Node> nodes = new LinkedHashSet<>();
    private Node bottom;
    private Node top;

    /** A Hasse edge: {@code upper} covers {@code lower}. */
    public record Cover(Concept lower, Concept upper) {
    }

    private IncrementalLattice(List<String> attributeNames) {
        attributes.addAll(attributeNames);
        BitSet all = new BitSet();
        all.set(0, attributeNames.size());
        Node only = new Node(new BitSet(), all);
        nodes.add(only);
        bottom = only;
        top = only;
    }

    /** A lattice over these attributes and no objects: the single concept (∅, M). */
    public static IncrementalLattice withAttributes(List<String> attributeNames) {
        Objects.requireNonNull(attributeNames, "attributeNames");
        return new IncrementalLattice(List.copyOf(attributeNames));
    }

    /** The lattice of {@code context}, built by adding its objects one by one. */
    public static IncrementalLattice of(FormalContext context) {
        IncrementalLattice lattice = withAttributes(context.attributes());
        for (int g = 0; g < context.objectCount(); g++) {
            lattice.addObject(context.objects().get(g), context.objectIntent(g));
        }
        return lattice;
    }

    /**
     * Adds an object with the given attributes; it gets the next index.
     *
     * @throws InvalidInputException {@code ATTRIBUTE_OUT_OF_RANGE} if the intent names an unknown attribute
     */
    public void addObject(String name, IndexSet intent) {
        Objects.requireNonNull(name, "name");
        requireWithin(intent, attributes.size(), "attribute");
        BitSet row = toBitSet(intent);
        int g = objects.size();
        objects.add(name);
        rows.add(row);
        attach(g, row);
    }

    /**
     * Adds an attribute held by the given objects; it gets the next index.
     *
     * @throws InvalidInputException {@code OBJECT_OUT_OF_RANGE} if the extent names an unknown object
     */
    public void addAttribute(String name, IndexSet extent) {
        Objects.requireNonNull(name, "name");
        requireWithin(extent, objects.size(), "object");
        int m = attributes.size();
        attributes.add(name);
        BitSet column = toBitSet(extent);
        for (int g = column.nextSetBit(0); g >= 0; g = column.nextSetBit(g + 1)) {
            rows.get(g).set(m);
        }
        Node attributeConcept = addIntent(Side.DUAL, column, top);
        for (Node n : above(Side.DUAL, attributeConcept)) {
            n.intent.set(m);
        }
        refreshEnds();
    }

    /** Removes object {@code g}; objects after it shift down by one. @throws NotFoundException if there is no such object */
    public void removeObject(int g) {
        requireObject(g);
        detach(Side.PRIMAL, g);
        objects.remove(g);
        rows.remove(g);
        for (Node n : nodes) {
            n.extent = removeBit(n.extent, g);
        }
        refreshEnds();
    }

    /** Removes attribute {@code m}; attributes after it shift down by one. @throws NotFoundException if there is no such attribute */
    public void removeAttribute(int m) {
        requireAttribute(m);
        detach(Side.DUAL, m);
        attributes.remove(m);
        for (int g = 0; g < rows.size(); g++) {
            rows.set(g, removeBit(rows.get(g), m));
        }
        for (Node n : nodes) {
            n.intent = removeBit(n.intent, m);
        }
        refreshEnds();
    }

    /** Gives object {@code g} attribute {@code m} (no change if it has it). @throws NotFoundException for bad indices */
    public void addIncidence(int g, int m) {
        setIncidence(g, m, true);
    }

    /** Takes attribute {@code m} from object {@code g} (no change if it lacks it). @throws NotFoundException for bad indices */
    public void removeIncidence(int g, int m) {
        setIncidence(g, m, false);
    }

    private void setIncidence(int g, int m, boolean present) {
        requireObject(g);
        requireAttribute(m);
        if (rows.get(g).get(m) == present) {
            return;
        }
        BitSet changed = (BitSet) rows.get(g).clone();
        changed.set(m, present);
        detach(Side.PRIMAL, g);
        rows.set(g, changed);
        attach(g, changed);
    }

    /** The current context (a snapshot). */
    public FormalContext context() {
        List<IndexSet> intents = new ArrayList<>(rows.size());
        for (BitSet row : rows) {
            intents.add(IndexSet.fromWords(row.toLongArray()));
        }
        return FormalContext.fromIntents(objects, attributes, intents);
    }

    public int size() {
        return nodes.size();
    }

    /** The concepts (a snapshot). */
    public Set<Concept> concepts() {
        Set<Concept> out = new HashSet<>();
        for (Node n : nodes) {
            out.add(n.concept());
        }
        return out;
    }

    /** The Hasse edges (a snapshot). */
    public Set<Cover> covers() {
        Set<Cover> out = new HashSet<>();
        for (Node n : nodes) {
            for (Node u : n.uppers) {
                out.add(new Cover(n.concept(), u.concept()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- additions

    /** Makes object g (already in {@link #rows}) part of the lattice. */
    private void attach(int g, BitSet row) {
        Node objectConcept = addIntent(Side.PRIMAL, row, bottom);
        for (Node n : above(Side.PRIMAL, objectConcept)) {
            n.extent.set(g);
        }
        refreshEnds();
    }

    /** AddIntent on {@code side}: the node whose closed set is {@code closed}, created if needed. */
    private Node addIntent(Side side, BitSet closed, Node generator) {
        generator = mostGeneral(side, closed, generator);
        if (side.closed(generator).equals(closed)) {
            return generator;
        }
        List<Node> newParents = new ArrayList<>();
        for (Node candidate : new ArrayList<>(side.up(generator))) {
            if (!isSubset(side.closed(candidate), closed)) {
                BitSet meet = (BitSet) side.closed(candidate).clone();
                meet.and(closed);
                candidate = addIntent(side, meet, candidate);
            }
            boolean addParent = true;
            for (java.util.Iterator<Node> it = newParents.iterator(); it.hasNext(); ) {
                Node parent = it.next();
                if (isSubset(side.closed(candidate), side.closed(parent))) {
                    addParent = false;
                    break;
                } else if (isSubset(side.closed(parent), side.closed(candidate))) {
                    it.remove();
                }
            }
            if (addParent) {
                newParents.add(candidate);
            }
        }
        Node created = side == Side.PRIMAL
                ? new Node((BitSet) generator.extent.clone(), (BitSet) closed.clone())
                : new Node((BitSet) closed.clone(), (BitSet) generator.intent.clone());
        nodes.add(created);
        for (Node parent : newParents) {
            side.unlink(parent, generator);
            side.link(parent, created);
        }
        side.link(created, generator);
        return created;
    }

    /** Climbs from {@code generator} while some parent's closed set still contains {@code closed}. */
    private static Node mostGeneral(Side side, BitSet closed, Node generator) {
        boolean climbed = true;
        while (climbed) {
            climbed = false;
            for (Node parent : side.up(generator)) {
                if (isSubset(closed, side.closed(parent))) {
                    generator = parent;
                    climbed = true;
                    break;
                }
            }
        }
        return generator;
    }

    /** {@code start} and every node above it on {@code side}. */
    private static Set<Node> above(Side side, Node start) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> queue = new ArrayDeque<>();
        queue.add(start);
        seen.add(start);
        while (!queue.isEmpty()) {
            for (Node parent : side.up(queue.poll())) {
                if (seen.add(parent)) {
                    queue.add(parent);
                }
            }
        }
        return seen;
    }

    // ---------------------------------------------------------------- removals

    /**
     * Takes element {@code index} (an object on the primal side, an attribute on the dual side) out of every concept,
     * deletes the concepts that stop being closed and repairs the Hasse edges. Indices are not renumbered.
     */
    private void detach(Side side, int index) {
        for (Node n : nodes) {
            side.other(n).clear(index);
        }
        if (side == Side.PRIMAL) {
            rows.get(index).clear();
        } else {
            for (BitSet row : rows) {
                row.clear(index);
            }
        }
        Set<Node> deleted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : nodes) {
            int size = side.other(n).cardinality();
            for (Node child : side.down(n)) {
                if (side.other(child).cardinality() == size) {
                    deleted.add(n);
                    break;
                }
            }
        }
        if (deleted.isEmpty()) {
            return;
        }
        Map<Node, List<Node>> newUppers = new IdentityHashMap<>();
        for (Node n : nodes) {
            if (deleted.contains(n)) {
                continue;
            }
            boolean affected = false;
            for (Node u : side.up(n)) {
                affected |= deleted.contains(u);
            }
            if (affected) {
                newUppers.put(n, minimalSurvivorsAbove(side, n, deleted));
            }
        }
        for (Node d : deleted) {
            for (Node u : side.up(d)) {
                side.down(u).remove(d);
            }
            for (Node l : side.down(d)) {
                side.up(l).remove(d);
            }
            nodes.remove(d);
        }
        for (Map.Entry<Node, List<Node>> e : newUppers.entrySet()) {
            Node n = e.getKey();
            for (Node u : new ArrayList<>(side.up(n))) {
                side.unlink(u, n);
            }
            for (Node u : e.getValue()) {
                side.link(u, n);
            }
        }
    }

    private static List<Node> minimalSurvivorsAbove(Side side, Node start, Set<Node> deleted) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node> survivors = new ArrayList<>();
        ArrayDeque<Node> queue = new ArrayDeque<>(side.up(start));
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            if (!seen.add(n)) {
                continue;
            }
            if (deleted.contains(n)) {
                queue.addAll(side.up(n));
            } else {
                survivors.add(n);
            }
        }
        List<Node> minimal = new ArrayList<>();
        for (Node candidate : survivors) {
            boolean isMinimal = true;
            for (Node other : survivors) {
                if (other != candidate && isSubset(side.closed(candidate), side.closed(other))) {
                    isMinimal = false; // other lies between start and candidate
                    break;
                }
            }
            if (isMinimal) {
                minimal.add(candidate);
            }
        }
        return minimal;
    }

    // ---------------------------------------------------------------- helpers

    private void refreshEnds() {
        bottom = findBottom();
        top = findTop();
    }

    private Node findBottom() {
        for (Node n : nodes) {
            if (n.intent.cardinality() == attributes.size()) {
                return n;
            }
        }
        throw new IllegalStateException("invariant broken: no bottom concept");
    }

    private Node findTop() {
        for (Node n : nodes) {
            if (n.extent.cardinality() == objects.size()) {
                return n;
            }
        }
        throw new IllegalStateException("invariant broken: no top concept");
    }

    private void requireObject(int g) {
        if (g < 0 || g >= objects.size()) {
            throw new NotFoundException(FormalContext.COMPONENT, "OBJECT_NOT_FOUND", "object " + g
                    + " does not exist; objects are 0.." + (objects.size() - 1));
        }
    }

    private void requireAttribute(int m) {
        if (m < 0 || m >= attributes.size()) {
            throw new NotFoundException(FormalContext.COMPONENT, "ATTRIBUTE_NOT_FOUND", "attribute " + m
                    + " does not exist; attributes are 0.." + (attributes.size() - 1));
        }
    }

    private static void requireWithin(IndexSet set, int count, String what) {
        Objects.requireNonNull(set, what + "s");
        if (set.bound() > count) {
            throw new InvalidInputException(FormalContext.COMPONENT, what.toUpperCase(java.util.Locale.ROOT)
                    + "_OUT_OF_RANGE", set + " names " + what + " " + (set.bound() - 1) + ", but " + what + "s are 0.."
                    + (count - 1));
        }
    }

    private static BitSet toBitSet(IndexSet set) {
        BitSet bits = new BitSet();
        set.forEach(bits::set);
        return bits;
    }

    private static boolean isSubset(BitSet a, BitSet b) {
        BitSet rest = (BitSet) a.clone();
        rest.andNot(b);
        return rest.isEmpty();
    }

    /** The set with bit {@code index} removed and higher bits shifted down by one. */
    private static BitSet removeBit(BitSet bits, int index) {
        BitSet out = bits.get(0, index);
        for (int i = bits.nextSetBit(index + 1); i >= 0; i = bits.nextSetBit(i + 1)) {
            out.set(i - 1);
        }
        return out;
    }

    /** A concept with its upper and lower covers; extent and intent are mutated in place by the operations. */
    private static final class Node {
        BitSet extent;
        BitSet intent;
        final List<Node> uppers = new ArrayList<>();
        final List<Node> lowers = new ArrayList<>();

        Node(BitSet extent, BitSet intent) {
            this.extent = extent;
            this.intent = intent;
        }

        Concept concept() {
            return new Concept(IndexSet.fromWords(extent.toLongArray()), IndexSet.fromWords(intent.toLongArray()));
        }
    }

    /** Which way the algorithms read the lattice: PRIMAL closes intents and climbs to upper covers; DUAL the mirror. */
    private enum Side {
        PRIMAL, DUAL;

        BitSet closed(Node n) {
            return this == PRIMAL ? n.intent : n.extent;
        }

        BitSet other(Node n) {
            return this == PRIMAL ? n.extent : n.intent;
        }

        List<Node> up(Node n) {
            return this == PRIMAL ? n.uppers : n.lowers;
        }

        List<Node> down(Node n) {
            return this == PRIMAL ? n.lowers : n.uppers;
        }

        /** Records that {@code parent} covers {@code child} on this side. */
        void link(Node parent, Node child) {
            if (!up(child).contains(parent)) {
                up(child).add(parent);
                down(parent).add(child);
            }
        }

        void unlink(Node parent, Node child) {
            up(child).remove(parent);
            down(parent).remove(child);
        }
    }
}
