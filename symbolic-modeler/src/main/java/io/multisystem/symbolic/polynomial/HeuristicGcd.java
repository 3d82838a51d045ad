package io.multisystem.symbolic.polynomial;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Heuristic polynomial GCD over Z[x1..xn] (GCDHEU: Char, Geddes and Gonnet, "GCDHEU: Heuristic polynomial GCD
 * algorithm based on integer GCD computation", J. Symbolic Computation 7, 1989; the variant SymPy's
 * {@code dmp_zz_heu_gcd} implements).
 *
 * <p>Design note: both primitive integer polynomials are evaluated at an integer point ξ for their first variable,
 * recursively down to integers, whose GCD is taken; the GCD polynomial is recovered from its value at ξ by the
 * ξ-adic expansion with symmetric remainders (each digit a polynomial in the remaining variables), made primitive,
 * and accepted only if it divides both inputs exactly (the theorem of the paper: with ξ > 2·min(|f|∞, |g|∞) + 29 a
 * primitive candidate that divides both is the GCD). ξ starts from the norms and grows by about ξ^1.25 on failure;
 * after six evaluation points, or when ξ or ξ^degree would get too large, the heuristic gives up (null) and the
 * caller falls back to the primitive PRS.
 * Cost: integer arithmetic on numbers of size about deg·log ξ bits, no pseudo-remainder coefficient growth, which is
 * why it beats PRS on dense multivariate inputs. Stateless; thread-safe.
 */
final class HeuristicGcd {
    private static final int ATTEMPTS = 6;
    /** Evaluation points beyond this size (bits) are not tried: the integers would get too large to be a win. */
    private static final int MAX_POINT_BITS = 4_000;
    /** Nor points whose powers up to the degree would exceed this size (bits): evaluation would cost more than PRS. */
    private static final long MAX_VALUE_BITS = 2_000_000;

    private HeuristicGcd() {
    }

    /** A sparse integer polynomial over the fixed variable list: exponent vector to non-zero coefficient. */
    private record IntPoly(Map<Polynomial.Mono, BigInteger> terms) {
        boolean isZero() {
            return terms.isEmpty();
        }

        BigInteger maxNorm() {
            BigInteger max = BigInteger.ZERO;
            for (BigInteger c : terms.values()) {
                max = max.max(c.abs());
            }
            return max;
        }

        BigInteger content() {
            BigInteger g = BigInteger.ZERO;
            for (BigInteger c : terms.values()) {
                g = g.gcd(c);
                if (g.equals(BigInteger.ONE)) {
                    break;
                }
            }
            return g;
        }

        /** The coefficient of the lexicographically largest monomial. */
        BigInteger leadingCoefficient() {
            int[] best = null;
            BigInteger lc = BigInteger.ZERO;
            for (Map.Entry<Polynomial.Mono, BigInteger> t : terms.entrySet()) {
                if (best == null || lexGreater(t.getKey().e, best)) {
                    best = t.getKey().e;
                    lc = t.getValue();
                }
            }
            return lc;
        }

        IntPoly divide(BigInteger d) {
            Map<Polynomial.Mono, BigInteger> m = new HashMap<>(terms.size() * 2);
            terms.forEach((mono, c) -> m.put(mono, c.divide(d)));
            return new IntPoly(m);
        }

        IntPoly multiply(BigInteger d) {
            Map<Polynomial.Mono, BigInteger> m = new HashMap<>(terms.size() * 2);
            terms.forEach((mono, c) -> m.put(mono, c.multiply(d)));
            return new IntPoly(m);
        }

        /** Substitutes ξ for variable k. */
        IntPoly evaluate(int k, BigInteger xi) {
            int maxDegree = 0;
            for (Polynomial.Mono mono : terms.keySet()) {
                maxDegree = Math.max(maxDegree, mono.e[k]);
            }
            BigInteger[] powers = new BigInteger[maxDegree + 1];
            powers[0] = BigInteger.ONE;
            for (int i = 1; i <= maxDegree; i++) {
                powers[i] = powers[i - 1].multiply(xi);
            }
            Map<Polynomial.Mono, BigInteger> m = new HashMap<>();
            for (Map.Entry<Polynomial.Mono, BigInteger> t : terms.entrySet()) {
                int[] e = t.getKey().e.clone();
                BigInteger c = t.getValue().multiply(powers[e[k]]);
                e[k] = 0;
                m.merge(new Polynomial.Mono(e), c, BigInteger::add);
            }
            m.values().removeIf(c -> c.signum() == 0);
            return new IntPoly(m);
        }
    }

    private static boolean lexGreater(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return a[i] > b[i];
            }
        }
        return false;
    }

    /**
     * The GCD of two non-zero, non-constant polynomials with integer coefficients, primitive over Z with a positive
     * leading coefficient, or null when the heuristic fails (the caller must then use another algorithm).
     */
    static Polynomial gcd(Polynomial a, Polynomial b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a.variables());
        all.addAll(b.variables());
        String[] vars = all.toArray(new String[0]);
        IntPoly f = toInt(a, vars);
        IntPoly g = toInt(b, vars);
        IntPoly h = gcd(f, g, 0, vars);
        if (h == null) {
            return null;
        }
        return Polynomial.fromIntegerTerms(vars, h.terms()).integerPrimitive();
    }

    private static IntPoly toInt(Polynomial p, String[] vars) {
        List<int[]> exps = new ArrayList<>();
        BigInteger[] coeffs = p.integerTerms(vars, exps);
        Map<Polynomial.Mono, BigInteger> m = new HashMap<>(exps.size() * 2);
        for (int i = 0; i < coeffs.length; i++) {
            m.put(new Polynomial.Mono(exps.get(i)), coeffs[i]);
        }
        return new IntPoly(m);
    }

    /** The GCD of f and g (both non-zero, only variables ≥ k occur), or null. */
    private static IntPoly gcd(IntPoly f, IntPoly g, int k, String[] vars) {
        if (k == vars.length) {
            BigInteger c = constant(f).gcd(constant(g));
            Map<Polynomial.Mono, BigInteger> m = new HashMap<>();
            m.put(new Polynomial.Mono(new int[vars.length]), c);
            return new IntPoly(m);
        }
        if (!occurs(f, k) && !occurs(g, k)) {
            return gcd(f, g, k + 1, vars);
        }
        BigInteger gc = f.content().gcd(g.content());
        f = f.divide(gc);
        g = g.divide(gc);
        BigInteger fn = f.maxNorm();
        BigInteger gn = g.maxNorm();
        BigInteger bound = fn.min(gn).shiftLeft(1).add(BigInteger.valueOf(29));
        BigInteger xi = bound.min(bound.sqrt().multiply(BigInteger.valueOf(99)))
                .max(fn.divide(f.leadingCoefficient().abs()).min(gn.divide(g.leadingCoefficient().abs()))
                        .shiftLeft(1).add(BigInteger.TWO));
        long degree = Math.max(degree(f, k), degree(g, k));
        for (int attempt = 0; attempt < ATTEMPTS && xi.bitLength() <= MAX_POINT_BITS
                && xi.bitLength() * degree <= MAX_VALUE_BITS; attempt++) {
            IntPoly ff = f.evaluate(k, xi);
            IntPoly gg = g.evaluate(k, xi);
            if (!ff.isZero() && !gg.isZero()) {
                IntPoly h = gcd(ff, gg, k + 1, vars);
                if (h == null) {
                    return null;
                }
                h = interpolate(h, xi, k);
                BigInteger content = h.content();
                if (content.signum() != 0) {
                    h = h.divide(content);
                    if (h.leadingCoefficient().signum() < 0) {
                        h = h.multiply(BigInteger.ONE.negate());
                    }
                    if (divides(h, f, vars) && divides(h, g, vars)) {
                        return h.multiply(gc);
                    }
                }
            }
            xi = xi.multiply(BigInteger.valueOf(73_794)).multiply(xi.sqrt().sqrt()).divide(BigInteger.valueOf(27_011));
        }
        return null;
    }

    private static int degree(IntPoly p, int k) {
        int d = 0;
        for (Polynomial.Mono mono : p.terms().keySet()) {
            d = Math.max(d, mono.e[k]);
        }
        return d;
    }

    private static boolean occurs(IntPoly p, int k) {
        for (Polynomial.Mono mono : p.terms().keySet()) {
            if (mono.e[k] != 0) {
                return true;
            }
        }
        return false;
    }

    private static BigInteger constant(IntPoly p) {
        BigInteger c = BigInteger.ZERO;
        for (BigInteger v : p.terms().values()) {
            c = v;
        }
        return c;
    }

    /** The polynomial whose value at variable k = ξ is h, digits taken as symmetric remainders mod ξ. */
    private static IntPoly interpolate(IntPoly h, BigInteger xi, int k) {
        Map<Polynomial.Mono, BigInteger> out = new HashMap<>();
        BigInteger half = xi.shiftRight(1);
        int power = 0;
        Map<Polynomial.Mono, BigInteger> rest = new HashMap<>(h.terms());
        while (!rest.isEmpty()) {
            Map<Polynomial.Mono, BigInteger> next = new HashMap<>(rest.size() * 2);
            for (Map.Entry<Polynomial.Mono, BigInteger> t : rest.entrySet()) {
                BigInteger c = t.getValue();
                BigInteger digit = c.mod(xi);
                if (digit.compareTo(half) > 0) {
                    digit = digit.subtract(xi);
                }
                if (digit.signum() != 0) {
                    int[] e = t.getKey().e.clone();
                    e[k] = power;
                    out.put(new Polynomial.Mono(e), digit);
                }
                BigInteger carry = c.subtract(digit).divide(xi);
                if (carry.signum() != 0) {
                    next.put(t.getKey(), carry);
                }
            }
            rest = next;
            power++;
        }
        return new IntPoly(out);
    }

    private static boolean divides(IntPoly h, IntPoly f, String[] vars) {
        Polynomial divisor = Polynomial.fromIntegerTerms(vars, h.terms());
        Polynomial dividend = Polynomial.fromIntegerTerms(vars, f.terms());
        return dividend.divideWithRemainder(divisor)[1].isZero();
    }
}
