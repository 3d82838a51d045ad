package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.bits.LongBits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A formal context (G, M, I): named objects, named attributes and the incidence relation between them.
 *
 * <p>Immutable and thread-safe. The incidence is kept twice, as bitset rows (one per object, over attributes) and bitset
 * columns (one per attribute, over objects), so that both derivation operators run word-wise. Memory is
 * {@code 2·|G|·|M|/8} bytes plus the names. Names need not be unique; indices identify objects and attributes.
 *
 * <p>Derivation operators: {@link #intentOf(IndexSet)} is A' (attributes shared by all objects of A; all attributes
 * when A is empty), {@link #extentOf(IndexSet)} is B'. Each costs O(|A|·|M|/64) resp. O(|B|·|G|/64).
 */
public final class FormalContext {
    /** Component name used in every error this engine raises. */
    public static final String COMPONENT = "lattice-engine";

    private final List<String> objects;
    private final List<String> attributes;
    private final int objectWords;
    private final int attributeWords;
    private final long[] rows;
    private final long[] columns;

    private FormalContext(List<String> objects, List<String> attributes, long[] rows) {
        this.objects = objects;
        this.attributes = attributes;
        this.objectWords = LongBits.wordsFor(objects.size());
        this.attributeWords = LongBits.wordsFor(attributes.size());
        this.rows = rows;
        this.columns = new long[attributes.size() * objectWords];
        for (int g = 0; g < objects.size(); g++) {
            int base = g * attributeWords;
            for (int w = 0; w < attributeWords; w++) {
                long word = rows[base + w];
                while (word != 0) {
                    int m = (w << 6) + Long.numberOfTrailingZeros(word);
                    columns[m * objectWords + (g >>> 6)] |= 1L << g;
                    word &= word - 1;
                }
            }
        }
    }

    /** A builder for a context with these object and attribute names (copied) and no incidences yet. */
    public static Builder builder(List<String> objects, List<String> attributes) {
        return new Builder(objects, attributes);
    }

    /**
     * A context from one intent per object.
     *
     * @throws InvalidInputException {@code CONTEXT_INVALID} if {@code intents} does not have one entry per object or an
     *                               attribute index is out of range
     */
    public static FormalContext fromIntents(List<String> objects, List<String> attributes, List<IndexSet> intents) {
        if (intents.size() != objects.size()) {
            throw new InvalidInputException(COMPONENT, "CONTEXT_INVALID", "expected one intent per object ("
                    + objects.size() + "), got " + intents.size());
        }
        Builder builder = builder(objects, attributes);
        for (int g = 0; g < intents.size(); g++) {
            int object = g;
            intents.get(g).forEach(m -> builder.add(object, m));
        }
        return builder.build();
    }

    public int objectCount() {
        return objects.size();
    }

    public int attributeCount() {
        return attributes.size();
    }

    /** Object names, unmodifiable, indexed by object. */
    public List<String> objects() {
        return objects;
    }

    /** Attribute names, unmodifiable, indexed by attribute. */
    public List<String> attributes() {
        return attributes;
    }

    /** Whether object {@code g} has attribute {@code m}; false for indices out of range. */
    public boolean has(int g, int m) {
        if (g < 0 || g >= objects.size() || m < 0 || m >= attributes.size()) {
            return false;
        }
        return (rows[g * attributeWords + (m >>> 6)] & (1L << m)) != 0;
    }

    /** Number of incidences |I|. */
    public long incidenceCount() {
        return LongBits.cardinality(rows);
    }

    /** g': the attributes of object {@code g}. */
    public IndexSet objectIntent(int g) {
        Objects.checkIndex(g, objects.size());
        return IndexSet.fromWords(Arrays.copyOfRange(rows, g * attributeWords, (g + 1) * attributeWords));
    }

    /** m': the objects having attribute {@code m}. */
    public IndexSet attributeExtent(int m) {
        Objects.checkIndex(m, attributes.size());
        return IndexSet.fromWords(Arrays.copyOfRange(columns, m * objectWords, (m + 1) * objectWords));
    }

    /** A': attributes common to all objects in {@code extent} (all attributes if it is empty). Out-of-range indices are ignored. */
    public IndexSet intentOf(IndexSet extent) {
        return IndexSet.fromWords(intentWords(extent));
    }

    /** B': objects having all attributes in {@code intent} (all objects if it is empty). Out-of-range indices are ignored. */
    public IndexSet extentOf(IndexSet intent) {
        return IndexSet.fromWords(extentWords(intent));
    }

    /** B'': the closure of an attribute set. */
    public IndexSet closeIntent(IndexSet intent) {
        return intentOfWords(extentWords(intent));
    }

    /** A'': the closure of an object set. */
    public IndexSet closeExtent(IndexSet extent) {
        return extentOfWords(intentWords(extent));
    }

    /** The dual context (M, G, I⁻¹): objects and attributes swapped. */
    public FormalContext dual() {
        return new FormalContext(attributes, objects, columns.clone());
    }

    /** Bitset words of row {@code g} (a copy, {@link #attributeWords()} long). */
    public long[] rowWords(int g) {
        Objects.checkIndex(g, objects.size());
        return Arrays.copyOfRange(rows, g * attributeWords, (g + 1) * attributeWords);
    }

    /** Bitset words of column {@code m} (a copy, {@link #objectWords()} long). */
    public long[] columnWords(int m) {
        Objects.checkIndex(m, attributes.size());
        return Arrays.copyOfRange(columns, m * objectWords, (m + 1) * objectWords);
    }

    /** Words per row (attribute bitset). */
    public int attributeWords() {
        return attributeWords;
    }

    /** Words per column (object bitset). */
    public int objectWords() {
        return objectWords;
    }

    private long[] intentWords(IndexSet extent) {
        long[] acc = new long[attributeWords];
        LongBits.setRange(acc, attributes.size());
        extent.forEach(g -> {
            if (g < objects.size()) {
                int base = g * attributeWords;
                for (int w = 0; w < attributeWords; w++) {
                    acc[w] &= rows[base + w];
                }
            }
        });
        return acc;
    }

    private long[] extentWords(IndexSet intent) {
        long[] acc = new long[objectWords];
        LongBits.setRange(acc, objects.size());
        intent.forEach(m -> {
            if (m < attributes.size()) {
                int base = m * objectWords;
                for (int w = 0; w < objectWords; w++) {
                    acc[w] &= columns[base + w];
                }
            }
        });
        return acc;
    }

    private IndexSet intentOfWords(long[] extentWords) {
        return intentOf(IndexSet.fromWords(extentWords));
    }

    private IndexSet extentOfWords(long[] intentWords) {
        return extentOf(IndexSet.fromWords(intentWords));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FormalContext)) {
            return false;
        }
        FormalContext other = (FormalContext) o;
        return objects.equals(other.objects) && attributes.equals(other.attributes) && Arrays.equals(rows, other.rows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(objects, attributes, Arrays.hashCode(rows));
    }

    @Override
    public String toString() {
        return "FormalContext[" + objects.size() + " objects x " + attributes.size() + " attributes, "
                + incidenceCount() + " incidences]";
    }

    /** Collects incidences for a new context. Not thread-safe; one builder makes one context. */
    public static final class Builder {
        private final List<String> objects;
        private final List<String> attributes;
        private final int attributeWords;
        private long[] rows;

        private Builder(List<String> objects, List<String> attributes) {
            this.objects = copyNames(objects, "object");
            this.attributes = copyNames(attributes, "attribute");
            this.attributeWords = LongBits.wordsFor(this.attributes.size());
            long words = (long) this.objects.size() * attributeWords;
            if (words > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(COMPONENT, "CONTEXT_TOO_LARGE", "a context of " + objects.size()
                        + " objects x " + attributes.size() + " attributes is too large; split it or reduce it");
            }
            this.rows = new long[(int) words];
        }

        /**
         * Adds the incidence (g, m).
         *
         * @throws InvalidInputException {@code CONTEXT_INVALID} if an index is out of range
         */
        public Builder add(int g, int m) {
            if (g < 0 || g >= objects.size() || m < 0 || m >= attributes.size()) {
                throw new InvalidInputException(COMPONENT, "CONTEXT_INVALID", "incidence (" + g + ", " + m
                        + ") is out of range: objects are 0.." + (objects.size() - 1) + ", attributes 0.."
                        + (attributes.size() - 1));
            }
            rows[g * attributeWords + (m >>> 6)] |= 1L << m;
            return this;
        }

        /** Sets the whole row of object {@code g} from bitset words (bits beyond the attribute count are ignored). */
        public Builder row(int g, long[] words) {
            Objects.checkIndex(g, objects.size());
            for (int w = 0; w < attributeWords && w < words.length; w++) {
                rows[g * attributeWords + w] = words[w];
            }
            if ((attributes.size() & 63) != 0 && attributeWords > 0) {
                rows[g * attributeWords + attributeWords - 1] &= (1L << attributes.size()) - 1;
            }
            return this;
        }

        /** The context; the builder must not be used afterwards. */
        public FormalContext build() {
            long[] built = rows;
            rows = null;
            if (built == null) {
                throw new IllegalStateException("build() was already called");
            }
            return new FormalContext(objects, attributes, built);
        }

        private static List<String> copyNames(List<String> names, String what) {
            if (names == null) {
                throw new InvalidInputException(COMPONENT, "CONTEXT_INVALID", "the " + what + " names are missing");
            }
            List<String> copy = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (name == null) {
                    throw new InvalidInputException(COMPONENT, "CONTEXT_INVALID", what + " " + i + " has no name");
                }
                copy.add(name);
            }
            return List.copyOf(copy);
        }
    }
}
