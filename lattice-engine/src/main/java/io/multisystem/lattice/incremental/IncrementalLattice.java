package io.multisystem.lattice.incremental;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.Concept;
import io.multisystem.lattice.mining.ConceptLattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A concept lattice (concepts and Hasse edges) kept equal to the lattice of its context while objects, attributes and
 * incidences are added and removed, without recomputation.
 *
 * <p>Design note.
 * <ul>
 *   <li><b>Adding an object</b> with intent B is AddIntent (Van der Merwe, Obiedkov &amp; Kourie 2004): starting from
 *       the bottom concept, find the most general concept whose intent contains B (the generator); if its intent is B,
 *       that concept becomes the object concept; otherwise create (extent of the generator, B), first recursively
 *       obtaining the concepts with intents B ∩ C for the generator's upper covers C, keep the minimal ones as the new
 *       concept's upper covers (unlinking them from the generator) and link the new concept above the generator.
 *       Then the object joins the extent of the object concept and of every concept above it. New intents are exactly
 *       {B ∩ C : C an old intent}; the work is proportional to the concepts visited around the new object's filter,
 *       not to |L|.</li>
 *   <li><b>Adding an attribute</b> is the same algorithm on the dual lattice (extents for intents, lower covers for
 *       upper covers, starting from the top).</li>
 *   <li><b>Removing an object</b> g: g leaves every extent; a concept (A, B) stops being closed iff one of its lower
 *       covers now has the same extent (that lower cover is ((A\{g}), (A\{g})'), which existed before), so exactly
 *       those concepts are deleted and no new intents appear. Only concepts whose extent contained g can change, so
 *       only the filter of the object concept is examined. Hasse edges are repaired locally: a survivor whose upper
 *       cover was deleted gets as new upper covers the minimal survivors reachable upward through deleted concepts
 *       (together with its surviving upper covers), which are exactly its covers among the survivors because the order
 *       between survivors is unchanged. Object indices above g shift down by one.</li>
 *   <li><b>Removing an attribute</b> is the dual of removing an object.</li>
 *   <li><b>Adding or removing an incidence</b> (g, m) detaches g as in a removal (without renumbering), then adds it
 *       back with its changed intent by AddIntent.</li>
 * </ul>
 * Representation: every node holds its extent and intent as plain {@code long[]} words (intents sized for |M|,
 * extents for a capacity that doubles as objects arrive), so subset tests allocate nothing; traversals mark nodes with
 * an epoch stamp instead of hash sets; the top and bottom are found by walking covers (O(height)), never by scanning
 * the lattice. Invariants after every operation: the concepts are exactly those of {@link #context()}, every edge is
 * a cover, the bottom concept has intent M and the top concept extent G.
 *
 * <p>Not thread-safe: confine an instance to one thread or guard it. A rejected call (bad index) changes nothing.
 */
public final class IncrementalLattice {
    /** Above this many upper covers, {@link #mostGeneral} jumps by closure instead of scanning them. */
    private static final int JUMP_DEGREE = 32;
    private final List<String> objects = new ArrayList<>();
    private final List<String> attributes = new ArrayList<>();
    private final List<long[]> rows = new ArrayList<>();
    private final Set<Node> nodes = new LinkedHashSet<>();
    private int intentWords;
    private int extentWords;
    private int epoch;
    /** Nodes by intent, for the generator jump (see {@link #mostGeneral}); null when stale, rebuilt on demand. */
    private Map<IntentKey, Node> byIntent;
    /** The object being attached (its row is ignored when closing in the context before it), or -1. */
    private int attaching = -1;
    private Node bottom;
    private Node top;

    /** A Hasse edge: {@code upper} covers {@code lower}. */
    public record Cover(Concept lower, Concept upper) {
    }

    private IncrementalLattice(List<String> attributeNames) {
        attributes.addAll(attributeNames);
        intentWords = words(attributeNames.size());
        extentWords = 1;
        long[] all = new long[intentWords];
        setRange(all, attributeNames.size());
        Node only = new Node(new long[extentWords], all);
        nodes.add(only);
        bottom = only;
        top = only;
    }

    /** A lattice over these attributes and no objects: the single concept (∅, M). */
    public static IncrementalLattice withAttributes(List<String> attributeNames) {
        Objects.requireNonNull(attributeNames, "attributeNames");
        return new IncrementalLattice(List.copyOf(attributeNames));
    }

    /** The lattice of {@code context}, built by adding its objects one by one (AddIntent). */
    public static IncrementalLattice of(FormalContext context) {
        IncrementalLattice lattice = withAttributes(context.attributes());
        for (int g = 0; g < context.objectCount(); g++) {
            lattice.addObject(context.objects().get(g), context.objectIntent(g));
        }
        return lattice;
    }

    /**
     * Takes over a lattice mined in batch (its concepts and cover edges), in O(|L| + edges): the starting point for
     * incremental maintenance of a context whose lattice is already known. The caller vouches that {@code lattice} is
     * the complete concept lattice of its context (as {@link ConceptLattice#of} builds it).
     */
    public static IncrementalLattice fromLattice(ConceptLattice lattice) {
        Objects.requireNonNull(lattice, "lattice");
        FormalContext context = lattice.context();
        IncrementalLattice out = new IncrementalLattice(context.attributes());
        out.nodes.clear();
        out.objects.addAll(context.objects());
        out.extentWords = Math.max(1, words(context.objectCount()));
        for (int g = 0; g < context.objectCount(); g++) {
            out.rows.add(context.objectIntent(g).toWords(out.intentWords));
        }
        Node[] byIndex = new Node[lattice.size()];
        for (int i = 0; i < byIndex.length; i++) {
            Concept c = lattice.concept(i);
            byIndex[i] = new Node(c.extent().toWords(out.extentWords), c.intent().toWords(out.intentWords));
            out.nodes.add(byIndex[i]);
        }
        for (int i = 0; i < byIndex.length; i++) {
            for (int u : lattice.upperCovers(i)) {
                byIndex[i].uppers.add(byIndex[u]);
                byIndex[u].lowers.add(byIndex[i]);
            }
        }
        out.refreshEnds(byIndex[0]);
        return out;
    }

    /**
     * Adds an object with the given attributes; it gets the next index.
     *
     * @throws InvalidInputException {@code ATTRIBUTE_OUT_OF_RANGE} if the intent names an unknown attribute
     */
    public void addObject(String name, IndexSet intent) {
        Objects.requireNonNull(name, "name");
        requireWithin(intent, attributes.size(), "attribute");
        long[] row = intent.toWords(intentWords);
        int g = objects.size();
        ensureExtentCapacity(g + 1);
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
        byIntent = null;
        ensureIntentCapacity(m + 1);
        attributes.add(name);
        long[] column = extent.toWords(extentWords);
        for (int g = nextSetBit(column, 0); g >= 0; g = nextSetBit(column, g + 1)) {
            set(rows.get(g), m);
        }
        Node attributeConcept = addIntent(Side.DUAL, column, top);
        for (Node n : above(Side.DUAL, attributeConcept)) {
            set(n.intent, m);
        }
        refreshEnds(attributeConcept);
    }

    /** Removes object {@code g}; objects after it shift down by one. @throws NotFoundException if there is no such object */
    public void removeObject(int g) {
        requireObject(g);
        Node survivor = detach(Side.PRIMAL, g);
        objects.remove(g);
        rows.remove(g);
        for (Node n : nodes) {
            removeBit(n.extent, g);
        }
        refreshEnds(survivor);
    }

    /** Removes attribute {@code m}; attributes after it shift down by one. @throws NotFoundException if there is no such attribute */
    public void removeAttribute(int m) {
        requireAttribute(m);
        byIntent = null;
        Node survivor = detach(Side.DUAL, m);
        attributes.remove(m);
        for (long[] row : rows) {
            removeBit(row, m);
        }
        for (Node n : nodes) {
            removeBit(n.intent, m);
        }
        refreshEnds(survivor);
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
        if (get(rows.get(g), m) == present) {
            return;
        }
        long[] changed = rows.get(g).clone();
        if (present) {
            set(changed, m);
        } else {
            clear(changed, m);
        }
        Node survivor = detach(Side.PRIMAL, g);
        refreshEnds(survivor);
        rows.set(g, changed);
        attach(g, changed);
    }

    /** The current context (a snapshot). */
    public FormalContext context() {
        List<IndexSet> intents = new ArrayList<>(rows.size());
        for (long[] row : rows) {
            intents.add(IndexSet.fromWords(row));
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
        Map<Node, Concept> concept = new IdentityHashMap<>();
        for (Node n : nodes) {
            concept.put(n, n.concept());
        }
        Set<Cover> out = new HashSet<>();
        for (Node n : nodes) {
            for (Node u : n.uppers) {
                out.add(new Cover(concept.get(n), concept.get(u)));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- additions

    /** Makes object g (already in {@link #rows}) part of the lattice. */
    private void attach(int g, long[] row) {
        attaching = g;
        Node objectConcept;
        try {
            objectConcept = addIntent(Side.PRIMAL, row, bottom);
        } finally {
            attaching = -1;
        }
        for (Node n : above(Side.PRIMAL, objectConcept)) {
            set(n.extent, g);
        }
        refreshEnds(objectConcept);
    }

    /** AddIntent on {@code side}: the node whose closed set is {@code closed}, created if needed. */
    private Node addIntent(Side side, long[] closed, Node generator) {
        return addIntent(side, closed, generator, new java.util.HashMap<>());
    }

    /**
     * The recursion of AddIntent, memoised per addition: {@code done} maps every closed set already resolved during
     * this addition to its node. On mushroom about nine in ten recursive calls ask for a meet B ∩ C that an earlier
     * call resolved (many upper covers C share the same meet with B); the memo answers them without climbing.
     */
    private Node addIntent(Side side, long[] closed, Node generator, Map<IntentKey, Node> done) {
        IntentKey key = new IntentKey(closed);
        Node known = done.get(key);
        if (known != null) {
            return known;
        }
        generator = mostGeneral(side, closed, generator);
        if (sameSet(side.closed(generator), closed)) {
            done.put(key, generator);
            return generator;
        }
        List<Node> parents = side.up(generator);
        List<Node> newParents = new ArrayList<>(parents.size());
        for (Node candidate : parents.toArray(new Node[0])) {
            if (!isSubset(side.closed(candidate), closed)) {
                long[] meet = side.closed(candidate).clone();
                and(meet, closed);
                candidate = addIntent(side, meet, candidate, done);
            }
            boolean addParent = true;
            for (int i = newParents.size() - 1; i >= 0; i--) {
                Node parent = newParents.get(i);
                if (isSubset(side.closed(candidate), side.closed(parent))) {
                    addParent = false;
                    break;
                } else if (isSubset(side.closed(parent), side.closed(candidate))) {
                    newParents.remove(i);
                }
            }
            if (addParent) {
                newParents.add(candidate);
            }
        }
        Node created = side == Side.PRIMAL
                ? new Node(generator.extent.clone(), closed.clone())
                : new Node(closed.clone(), generator.intent.clone());
        nodes.add(created);
        if (byIntent != null) {
            if (side == Side.PRIMAL) {
                byIntent.put(new IntentKey(created.intent), created);
            } else {
                byIntent = null; // adding an attribute changes intents in place
            }
        }
        for (Node parent : newParents) {
            side.unlink(parent, generator);
            side.link(parent, created);
        }
        side.link(created, generator);
        done.put(key, created);
        return created;
    }

    /**
     * Climbs from {@code generator} while some parent's closed set still contains {@code closed}. The climb ends at
     * the most general such node (the set of nodes whose closed set contains {@code closed} has a greatest element),
     * so on the primal side, when the generator has many upper covers (the bottom of a wide lattice has thousands),
     * it first jumps to the concept with intent B'' of the context without the object being added: B' is a scan of
     * the rows (O(|G|·|M|/64)) and the node is found by hashing its intent. The climb then continues from there
     * (it may still reach concepts created earlier in the same addition).
     */
    private Node mostGeneral(Side side, long[] closed, Node generator) {
        if (side == Side.PRIMAL && side.up(generator).size() > JUMP_DEGREE) {
            Node jump = closureNode(closed);
            if (jump != null) {
                generator = jump;
            }
        }
        boolean climbed = true;
        while (climbed) {
            climbed = false;
            List<Node> up = side.up(generator);
            for (int i = 0, n = up.size(); i < n; i++) {
                Node parent = up.get(i);
                if (isSubset(closed, side.closed(parent))) {
                    generator = parent;
                    climbed = true;
                    break;
                }
            }
        }
        return generator;
    }

    /** The node whose intent is the closure of {@code intent} over every object but {@link #attaching}. */
    private Node closureNode(long[] intent) {
        long[] closure = new long[intentWords];
        setRange(closure, attributes.size());
        for (int g = 0, n = rows.size(); g < n; g++) {
            long[] row = rows.get(g);
            if (g != attaching && isSubset(intent, row)) {
                and(closure, row);
            }
        }
        if (byIntent == null) {
            byIntent = new java.util.HashMap<>(nodes.size() * 2);
            for (Node node : nodes) {
                byIntent.put(new IntentKey(node.intent), node);
            }
        }
        return byIntent.get(new IntentKey(closure));
    }

    /** {@code start} and every node above it on {@code side}, each once (epoch-marked depth-first walk). */
    private List<Node> above(Side side, Node start) {
        int mark = ++epoch;
        List<Node> out = new ArrayList<>();
        start.mark = mark;
        out.add(start);
        for (int i = 0; i < out.size(); i++) {
            List<Node> up = side.up(out.get(i));
            for (int j = 0, n = up.size(); j < n; j++) {
                Node parent = up.get(j);
                if (parent.mark != mark) {
                    parent.mark = mark;
                    out.add(parent);
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- removals

    /**
     * Takes element {@code index} (an object on the primal side, an attribute on the dual side) out of every concept,
     * deletes the concepts that stop being closed and repairs the Hasse edges. Indices are not renumbered. Returns a
     * node that survives (a start for {@link #refreshEnds}).
     */
    private Node detach(Side side, int index) {
        byIntent = null;
        // Only concepts holding the element change: on the primal side the filter of the object concept, i.e. the
        // concepts above the most specific concept that holds it.
        Node holder = side == Side.PRIMAL ? bottom : top;
        Node start = holder;
        if (!get(side.other(holder), index)) {
            start = findHolder(side, index);
        }
        List<Node> affected = start == null ? List.of() : above(side, start);
        for (Node n : affected) {
            clear(side.other(n), index);
        }
        if (side == Side.PRIMAL) {
            Arrays.fill(rows.get(index), 0L);
        } else {
            for (long[] row : rows) {
                clear(row, index);
            }
        }
        int mark = ++epoch; // deleted nodes carry this mark
        List<Node> deleted = new ArrayList<>();
        for (Node n : affected) {
            int size = cardinality(side.other(n));
            for (Node child : side.down(n)) {
                if (cardinality(side.other(child)) == size) {
                    deleted.add(n);
                    break;
                }
            }
        }
        for (Node d : deleted) {
            d.mark = mark;
        }
        if (deleted.isEmpty()) {
            return start == null ? top : start;
        }
        Map<Node, List<Node>> newUppers = new IdentityHashMap<>();
        for (Node d : deleted) {
            for (Node n : side.down(d)) {
                if (n.mark != mark && !newUppers.containsKey(n)) {
                    newUppers.put(n, minimalSurvivorsAbove(side, n, mark));
                }
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
        Node survivor = null;
        for (Map.Entry<Node, List<Node>> e : newUppers.entrySet()) {
            Node n = e.getKey();
            survivor = n;
            for (Node u : new ArrayList<>(side.up(n))) {
                side.unlink(u, n);
            }
            for (Node u : e.getValue()) {
                side.link(u, n);
            }
        }
        return survivor;
    }

    /** The most specific node whose set on the other side holds {@code index} (climbing from the far end). */
    private Node findHolder(Side side, int index) {
        Node far = side == Side.PRIMAL ? top : bottom;
        if (!get(side.other(far), index)) {
            return null;
        }
        Node n = far;
        boolean descended = true;
        while (descended) {
            descended = false;
            for (Node child : side.down(n)) {
                if (get(side.other(child), index)) {
                    n = child;
                    descended = true;
                    break;
                }
            }
        }
        return n;
    }

    /** The minimal surviving nodes above {@code start}, reached through deleted nodes (those marked {@code deleted}). */
    private List<Node> minimalSurvivorsAbove(Side side, Node start, int deleted) {
        int seen = ++epoch;
        List<Node> survivors = new ArrayList<>();
        List<Node> queue = new ArrayList<>(side.up(start));
        for (int i = 0; i < queue.size(); i++) {
            Node n = queue.get(i);
            if (n.mark == seen) {
                continue;
            }
            boolean isDeleted = n.mark == deleted;
            n.mark = seen;
            if (isDeleted) {
                queue.addAll(side.up(n));
            } else {
                survivors.add(n);
            }
        }
        // restore the deletion marks the walk overwrote
        for (Node n : queue) {
            if (!survivors.contains(n)) {
                n.mark = deleted;
            }
        }
        for (Node n : survivors) {
            n.mark = 0;
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

    /** Finds the top and bottom by walking covers from any live node: the only node without upper covers is the top. */
    private void refreshEnds(Node from) {
        Node n = from != null && nodes.contains(from) ? from : nodes.iterator().next();
        while (!n.uppers.isEmpty()) {
            n = n.uppers.get(0);
        }
        top = n;
        n = from != null && nodes.contains(from) ? from : nodes.iterator().next();
        while (!n.lowers.isEmpty()) {
            n = n.lowers.get(0);
        }
        bottom = n;
    }

    private void ensureExtentCapacity(int objectCount) {
        if (words(objectCount) <= extentWords) {
            return;
        }
        extentWords = Math.max(words(objectCount), extentWords * 2);
        for (Node n : nodes) {
            n.extent = Arrays.copyOf(n.extent, extentWords);
        }
    }

    private void ensureIntentCapacity(int attributeCount) {
        if (words(attributeCount) <= intentWords) {
            return;
        }
        intentWords = Math.max(words(attributeCount), intentWords * 2);
        for (Node n : nodes) {
            n.intent = Arrays.copyOf(n.intent, intentWords);
        }
        rows.replaceAll(row -> Arrays.copyOf(row, intentWords));
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

    // Word-array set operations. Arrays of one kind (intents, extents) share a length, but the helpers tolerate
    // different lengths (missing words are zero).

    private static int words(int bits) {
        return (bits + 63) >>> 6;
    }

    private static boolean get(long[] w, int bit) {
        int i = bit >>> 6;
        return i < w.length && (w[i] & (1L << bit)) != 0;
    }

    private static void set(long[] w, int bit) {
        w[bit >>> 6] |= 1L << bit;
    }

    private static void clear(long[] w, int bit) {
        int i = bit >>> 6;
        if (i < w.length) {
            w[i] &= ~(1L << bit);
        }
    }

    private static void setRange(long[] w, int bits) {
        for (int b = 0; b < bits; b++) {
            set(w, b);
        }
    }

    private static int cardinality(long[] w) {
        int c = 0;
        for (long x : w) {
            c += Long.bitCount(x);
        }
        return c;
    }

    private static boolean isSubset(long[] a, long[] b) {
        int common = Math.min(a.length, b.length);
        for (int i = 0; i < common; i++) {
            if ((a[i] & ~b[i]) != 0) {
                return false;
            }
        }
        for (int i = common; i < a.length; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameSet(long[] a, long[] b) {
        return isSubset(a, b) && isSubset(b, a);
    }

    private static void and(long[] target, long[] other) {
        for (int i = 0; i < target.length; i++) {
            target[i] &= i < other.length ? other[i] : 0L;
        }
    }

    private static int nextSetBit(long[] w, int from) {
        int i = from >>> 6;
        if (i >= w.length) {
            return -1;
        }
        long word = w[i] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (i << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++i == w.length) {
                return -1;
            }
            word = w[i];
        }
    }

    /** Removes bit {@code index} in place, shifting higher bits down by one. */
    private static void removeBit(long[] w, int index) {
        int i = index >>> 6;
        if (i >= w.length) {
            return;
        }
        long low = w[i] & ((1L << index) - 1);  // bits below index in this word (index & 63 via shift semantics)
        long high = (w[i] >>> 1) & ~((1L << index) - 1);
        if ((index & 63) == 0) {
            low = 0;
            high = w[i] >>> 1;
        }
        w[i] = low | high;
        for (int j = i + 1; j < w.length; j++) {
            w[j - 1] |= w[j] << 63;
            w[j] >>>= 1;
        }
    }

    /** A closed set as a hash key: equal when the same bits are set (arrays of one kind share a length). */
    private record IntentKey(long[] words) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IntentKey k && Arrays.equals(words, k.words);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(words);
        }
    }

    /** A concept with its upper and lower covers; extent and intent are mutated in place by the operations. */
    private static final class Node {
        long[] extent;
        long[] intent;
        int mark;
        final List<Node> uppers = new ArrayList<>(2);
        final List<Node> lowers = new ArrayList<>(2);

        Node(long[] extent, long[] intent) {
            this.extent = extent;
            this.intent = intent;
        }

        Concept concept() {
            return new Concept(IndexSet.fromWords(extent), IndexSet.fromWords(intent));
        }
    }

    /** Which way the algorithms read the lattice: PRIMAL closes intents and climbs to upper covers; DUAL the mirror. */
    private enum Side {
        PRIMAL, DUAL;

        long[] closed(Node n) {
            return this == PRIMAL ? n.intent : n.extent;
        }

        long[] other(Node n) {
            return this == PRIMAL ? n.extent : n.intent;
        }

        List<Node> up(Node n) {
            return this == PRIMAL ? n.uppers : n.lowers;
        }

        List<Node> down(Node n) {
            return this == PRIMAL ? n.lowers : n.uppers;
        }

        /** Records that {@code parent} covers {@code child} on this side (callers never add an edge twice). */
        void link(Node parent, Node child) {
            up(child).add(parent);
            down(parent).add(child);
        }

        void unlink(Node parent, Node child) {
            up(child).remove(parent);
            down(parent).remove(child);
        }
    }
}
