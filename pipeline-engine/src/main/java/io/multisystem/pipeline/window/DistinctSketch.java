package io.multisystem.pipeline.window;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Approximate distinct count: exact while at most {@value #EXACT_LIMIT} distinct values were seen, then HyperLogLog
 * (Flajolet et al. 2007) with 2^{@value #P} registers and the small-range (linear counting) correction, standard error
 * about 1.04/sqrt(4096) ≈ 1.6%. The hash is a 64-bit mix of the value's canonical text, so results do not depend on
 * arrival order, JVM or merge order (registers merge by max). Not thread-safe.
 */
final class DistinctSketch implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    static final int EXACT_LIMIT = 256;
    private static final int P = 12;
    private static final int M = 1 << P;

    private Set<Long> exact = new HashSet<>();
    private byte[] registers;

    void add(Object value) {
        addHash(hash(value));
    }

    private void addHash(long h) {
        if (exact != null) {
            exact.add(h);
            if (exact.size() > EXACT_LIMIT) {
                registers = new byte[M];
                exact.forEach(this::addToRegisters);
                exact = null;
            }
            return;
        }
        addToRegisters(h);
    }

    private void addToRegisters(long h) {
        int index = (int) (h >>> (64 - P));
        int rank = Long.numberOfLeadingZeros((h << P) | (1L << (P - 1))) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    void merge(DistinctSketch other) {
        if (other.exact != null) {
            other.exact.forEach(this::addHash);
            return;
        }
        if (exact != null) {
            registers = new byte[M];
            exact.forEach(this::addToRegisters);
            exact = null;
        }
        for (int i = 0; i < M; i++) {
            registers[i] = (byte) Math.max(registers[i], other.registers[i]);
        }
    }

    long estimate() {
        if (exact != null) {
            return exact.size();
        }
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += 1.0 / (1L << r);
            if (r == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / M);
        double e = alpha * M * M / sum;
        if (e <= 2.5 * M && zeros > 0) {
            e = M * Math.log((double) M / zeros);
        }
        return Math.round(e);
    }

    static long hash(Object value) {
        String text = value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
                ? Long.toString(d.longValue()) : value.toString();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        // SplitMix64 finaliser: spreads FNV's weak low bits over all 64 bits.
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
