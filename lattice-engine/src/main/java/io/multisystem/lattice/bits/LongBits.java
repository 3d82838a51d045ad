package io.multisystem.lattice.bits;

/**
 * Operations on bitsets stored as {@code long[]} words (bit {@code i} is bit {@code i & 63} of word {@code i >>> 6}).
 * The engine's hot loops use raw words instead of {@link java.util.BitSet} to avoid bounds re-checks and resizing.
 *
 * <p>Stateless and thread-safe. Arguments are trusted: callers pass arrays long enough for the indices they use
 * (these are internal building blocks, not a boundary).
 */
public final class LongBits {
    private LongBits() {
    }

    /** Number of words needed for {@code bits} bits. */
    public static int wordsFor(int bits) {
        return (bits + 63) >>> 6;
    }

    public static boolean get(long[] words, int bit) {
        return (words[bit >>> 6] & (1L << bit)) != 0;
    }

    public static void set(long[] words, int bit) {
        words[bit >>> 6] |= 1L << bit;
    }

    public static void clear(long[] words, int bit) {
        words[bit >>> 6] &= ~(1L << bit);
    }

    /** Sets bits {@code 0..bits-1}. */
    public static void setRange(long[] words, int bits) {
        int full = bits >>> 6;
        for (int w = 0; w < full; w++) {
            words[w] = -1L;
        }
        if ((bits & 63) != 0) {
            words[full] |= (1L << bits) - 1;
        }
    }

    /** Number of set bits. */
    public static int cardinality(long[] words) {
        int count = 0;
        for (long word : words) {
            count += Long.bitCount(word);
        }
        return count;
    }

    /** Whether every bit of {@code a} is set in {@code b}; the arrays have equal length. */
    public static boolean isSubset(long[] a, long[] b) {
        for (int w = 0; w < a.length; w++) {
            if ((a[w] & ~b[w]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code target &= other}. */
    public static void andInto(long[] target, long[] other) {
        for (int w = 0; w < target.length; w++) {
            target[w] &= other[w];
        }
    }

    /** {@code target |= other}. */
    public static void orInto(long[] target, long[] other) {
        for (int w = 0; w < target.length; w++) {
            target[w] |= other[w];
        }
    }

    /** The set bits in increasing order. */
    public static int[] toIndices(long[] words) {
        int[] out = new int[cardinality(words)];
        int n = 0;
        for (int w = 0; w < words.length; w++) {
            long word = words[w];
            while (word != 0) {
                out[n++] = (w << 6) + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return out;
    }

    /** Index of the lowest set bit at or after {@code from}, or -1. */
    public static int nextSetBit(long[] words, int from) {
        int w = from >>> 6;
        if (w >= words.length) {
            return -1;
        }
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }
}
