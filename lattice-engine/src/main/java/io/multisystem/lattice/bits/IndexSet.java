package io.multisystem.lattice.bits;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * An immutable set of non-negative {@code int} indices (objects or attributes of a context): the extents and intents of
 * concepts, premises and conclusions of implications.
 *
 * <p>Stored either as a sorted index array or as bitset words, whichever is smaller, so that a materialised lattice of
 * hundreds of thousands of concepts over thousands of objects stays compact. Equality, hashing and ordering depend only
 * on the members, never on the representation. Thread-safe (immutable). Membership is O(1) for the bitset form and
 * O(log n) for the array form; subset, union and intersection are linear.
 */
public final class IndexSet implements Comparable<IndexSet> {
    private static final IndexSet EMPTY = new IndexSet(new int[0], null, 0);

    private final int[] members; // sorted, or null when words != null
    private final long[] words;  // trimmed bitset, or null when members != null
    private final int size;
    private int hash;

    private IndexSet(int[] members, long[] words, int size) {
        this.members = members;
        this.words = words;
        this.size = size;
    }

    public static IndexSet empty() {
        return EMPTY;
    }

    /**
     * The set of the given indices (duplicates allowed, any order).
     *
     * @throws IllegalArgumentException if an index is negative
     */
    public static IndexSet of(int... indices) {
        int[] sorted = indices.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0) {
                throw new IllegalArgumentException("index must be non-negative, was " + sorted[i]);
            }
            if (n == 0 || sorted[n - 1] != sorted[i]) {
                sorted[n++] = sorted[i];
            }
        }
        return fromSortedUnique(n == sorted.length ? sorted : Arrays.copyOf(sorted, n));
    }

    /** {@code {0, 1, ..., n-1}}. */
    public static IndexSet range(int n) {
        long[] w = new long[LongBits.wordsFor(n)];
        LongBits.setRange(w, n);
        return fromWords(w);
    }

    /** The set of bits set in {@code words} (copied). */
    public static IndexSet fromWords(long[] words) {
        int last = words.length;
        while (last > 0 && words[last - 1] == 0) {
            last--;
        }
        int size = 0;
        for (int w = 0; w < last; w++) {
            size += Long.bitCount(words[w]);
        }
        if (size == 0) {
            return EMPTY;
        }
        if ((long) size * Integer.BYTES < (long) last * Long.BYTES) {
            return new IndexSet(LongBits.toIndices(Arrays.copyOf(words, last)), null, size);
        }
        return new IndexSet(null, Arrays.copyOf(words, last), size);
    }

    /** Trusted factory: {@code sorted} is strictly increasing and non-negative; it is not copied when kept. */
    public static IndexSet fromSortedUnique(int[] sorted) {
        int size = sorted.length;
        if (size == 0) {
            return EMPTY;
        }
        int wordCount = LongBits.wordsFor(sorted[size - 1] + 1);
        if ((long) size * Integer.BYTES <= (long) wordCount * Long.BYTES) {
            return new IndexSet(sorted, null, size);
        }
        long[] w = new long[wordCount];
        for (int i : sorted) {
            LongBits.set(w, i);
        }
        return new IndexSet(null, w, size);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean contains(int index) {
        if (index < 0) {
            return false;
        }
        if (words != null) {
            return (index >>> 6) < words.length && LongBits.get(words, index);
        }
        return Arrays.binarySearch(members, index) >= 0;
    }

    /** Largest member plus one; 0 when empty. */
    public int bound() {
        if (size == 0) {
            return 0;
        }
        if (members != null) {
            return members[size - 1] + 1;
        }
        int last = words.length - 1;
        return (last << 6) + 64 - Long.numberOfLeadingZeros(words[last]);
    }

    /** The members in increasing order (a fresh array). */
    public int[] toArray() {
        return members != null ? members.clone() : LongBits.toIndices(words);
    }

    /** The members as bitset words, in a fresh array of exactly {@code wordCount} words (higher members dropped). */
    public long[] toWords(int wordCount) {
        long[] out = new long[wordCount];
        if (words != null) {
            System.arraycopy(words, 0, out, 0, Math.min(wordCount, words.length));
        } else {
            for (int i : members) {
                if ((i >>> 6) < wordCount) {
                    LongBits.set(out, i);
                }
            }
        }
        return out;
    }

    public void forEach(IntConsumer action) {
        if (members != null) {
            for (int i : members) {
                action.accept(i);
            }
        } else {
            for (int i = LongBits.nextSetBit(words, 0); i >= 0; i = LongBits.nextSetBit(words, i + 1)) {
                action.accept(i);
            }
        }
    }

    public IntStream stream() {
        return IntStream.of(toArray());
    }

    public boolean isSubsetOf(IndexSet other) {
        if (size > other.size) {
            return false;
        }
        int wordCount = Math.max(LongBits.wordsFor(bound()), 1);
        return LongBits.isSubset(toWords(wordCount), other.toWords(wordCount));
    }

    public IndexSet union(IndexSet other) {
        int wordCount = LongBits.wordsFor(Math.max(bound(), other.bound()));
        long[] w = toWords(wordCount);
        LongBits.orInto(w, other.toWords(wordCount));
        return fromWords(w);
    }

    public IndexSet intersection(IndexSet other) {
        int wordCount = LongBits.wordsFor(Math.min(bound(), other.bound()));
        long[] w = toWords(wordCount);
        LongBits.andInto(w, other.toWords(wordCount));
        return fromWords(w);
    }

    /** Members of this set that are not in {@code other}. */
    public IndexSet minus(IndexSet other) {
        int wordCount = LongBits.wordsFor(bound());
        long[] w = toWords(wordCount);
        long[] o = other.toWords(wordCount);
        for (int i = 0; i < wordCount; i++) {
            w[i] &= ~o[i];
        }
        return fromWords(w);
    }

    public IndexSet with(int index) {
        if (contains(index)) {
            return this;
        }
        return union(of(index));
    }

    public IndexSet without(int index) {
        if (!contains(index)) {
            return this;
        }
        return minus(of(index));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IndexSet)) {
            return false;
        }
        IndexSet other = (IndexSet) o;
        if (size != other.size || hashCode() != other.hashCode()) {
            return false;
        }
        if (members != null && other.members != null) {
            return Arrays.equals(members, other.members);
        }
        int wordCount = LongBits.wordsFor(Math.max(bound(), other.bound()));
        return Arrays.equals(toWords(wordCount), other.toWords(wordCount));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && size > 0) {
            int[] m = members != null ? members : LongBits.toIndices(words);
            h = Arrays.hashCode(m);
            hash = h;
        }
        return h;
    }

    /** Lectic-free total order: by size, then lexicographically by members; consistent with equals. */
    @Override
    public int compareTo(IndexSet other) {
        if (size != other.size) {
            return Integer.compare(size, other.size);
        }
        return Arrays.compare(toArray(), other.toArray());
    }

    /** {@code {0, 3, 7}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        forEach(i -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(i);
        });
        return sb.append('}').toString();
    }
}
