package io.multisystem.symbolic.polynomial;

import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.Rational;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Square-free decomposition and factoring over the rationals.
 *
 * <p>Design note. Square-free part: Yun's algorithm (Yun 1976) in the first variable of the primitive part, with the
 * multivariate GCD of {@link Polynomials}; the content (a polynomial in the remaining variables) is decomposed
 * recursively. Univariate square-free factors are then split into irreducibles with the "big prime" variant of
 * Zassenhaus' method (von zur Gathen &amp; Gerhard, Modern Computer Algebra, 15.2): pick a prime p above twice the
 * Mignotte bound times the leading coefficient so that the factor is still square-free mod p, factor mod p by
 * distinct-degree then Cantor–Zassenhaus equal-degree splitting, and recombine subsets of the modular factors by
 * trial division over Z, smallest subsets first. Recombination is exponential in the number of modular factors in the
 * worst case (Swinnerton-Dyer polynomials); {@link #MAX_UNIVARIATE_DEGREE} bounds the work. Randomness is seeded, so
 * results and running times are deterministic. Stateless and thread-safe.
 */
public final class Factorizer {
    /** Highest degree of a univariate square-free factor that is split into irreducibles. */
    public static final int MAX_UNIVARIATE_DEGREE = 200;

    private Factorizer() {
    }

    /** Square-free decomposition: factors pairwise coprime and square-free, grouped by multiplicity. */
    public static Factorization squareFree(Polynomial p) {
        if (p.isZero()) {
            return new Factorization(Rational.ZERO, List.of(), true);
        }
        Rational unit = p.rationalContent();
        if (p.leadingCoefficient().signum() < 0) {
            unit = unit.negate();
        }
        TreeMap<Integer, Polynomial> byMultiplicity = new TreeMap<>();
        squareFreeInto(p.scale(unit.reciprocal()), byMultiplicity);
        List<Factorization.Factor> factors = new ArrayList<>();
        byMultiplicity.forEach((m, f) -> {
            if (!f.isConstant()) {
                factors.add(new Factorization.Factor(f.integerPrimitive(), m));
            }
        });
        Rational correction = p.leadingCoefficient().divide(new Factorization(unit, factors, false).expand().leadingCoefficient());
        return new Factorization(unit.multiply(correction), factors, p.variables().size() <= 1 && factors.stream()
                .allMatch(f -> f.polynomial().totalDegree() == 1));
    }

    private static void squareFreeInto(Polynomial p, TreeMap<Integer, Polynomial> out) {
        if (p.isConstant()) {
            return;
        }
        String v = p.variables().get(0);
        Polynomial content = Polynomials.content(p, v);
        Polynomial f = p.divideExactly(content);
        Polynomial df = f.derivative(v);
        Polynomial a = Polynomials.gcd(f, df);
        Polynomial b = f.divideExactly(a);
        Polynomial c = df.divideExactly(a);
        Polynomial d = c.subtract(b.derivative(v));
        int i = 1;
        while (!b.isConstant()) {
            Polynomial ai = Polynomials.gcd(b, d);
            if (!ai.isConstant()) {
                out.merge(i, ai, Polynomial::multiply);
            }
            b = b.divideExactly(ai);
            c = d.divideExactly(ai);
            d = c.subtract(b.derivative(v));
            i++;
        }
        squareFreeInto(content, out);
    }

    /**
     * Factors over Q: univariate polynomials completely into irreducibles; multivariate ones into content and
     * square-free parts.
     *
     * @throws io.multisystem.core.error.InvalidInputException DEGREE_TOO_HIGH for a univariate square-free factor of
     *     degree above {@link #MAX_UNIVARIATE_DEGREE}
     */
    public static Factorization factor(Polynomial p) {
        Factorization sqf = squareFree(p);
        if (p.variables().size() != 1) {
            return new Factorization(sqf.unit(), sortFactors(sqf.factors()), p.variables().isEmpty());
        }
        List<Factorization.Factor> out = new ArrayList<>();
        for (Factorization.Factor f : sqf.factors()) {
            for (Polynomial irreducible : irreducibleFactors(f.polynomial())) {
                out.add(new Factorization.Factor(irreducible, f.multiplicity()));
            }
        }
        return new Factorization(sqf.unit(), sortFactors(out), true);
    }

    private static List<Factorization.Factor> sortFactors(List<Factorization.Factor> factors) {
        List<Factorization.Factor> sorted = new ArrayList<>(factors);
        sorted.sort(Comparator.comparingInt((Factorization.Factor f) -> f.polynomial().totalDegree())
                .thenComparing(f -> f.polynomial().toString()).thenComparingInt(Factorization.Factor::multiplicity));
        return sorted;
    }

    /** Irreducible factors of a square-free, integer-primitive univariate polynomial. */
    static List<Polynomial> irreducibleFactors(Polynomial g) {
        int n = g.totalDegree();
        if (n <= 1) {
            return List.of(g);
        }
        if (n > MAX_UNIVARIATE_DEGREE) {
            throw InputErrors.invalid("DEGREE_TOO_HIGH", "cannot factor a square-free factor of degree " + n
                    + " (the limit is " + MAX_UNIVARIATE_DEGREE + ")");
        }
        String x = g.variables().get(0);
        BigInteger[] f = g.integerCoefficients();
        BigInteger lc = f[n];
        BigInteger max = BigInteger.ZERO;
        for (BigInteger c : f) {
            max = max.max(c.abs());
        }
        BigInteger bound = BigInteger.TWO.pow(n).multiply(BigInteger.valueOf(n + 1)).multiply(max).multiply(lc.abs());
        BigInteger p = bound.shiftLeft(1).add(BigInteger.ONE).nextProbablePrime();
        while (true) {
            if (lc.mod(p).signum() != 0) {
                BigInteger[] fp = Zp.monic(Zp.reduce(f, p), p);
                if (Zp.degree(Zp.gcd(fp, Zp.derivative(fp, p), p)) == 0) {
                    List<BigInteger[]> modular = Zp.factorSquareFree(fp, p, new Random(n * 7919L + p.bitLength()));
                    return recombine(g, x, modular, p);
                }
            }
            p = p.nextProbablePrime();
        }
    }

    private static List<Polynomial> recombine(Polynomial g, String x, List<BigInteger[]> modular, BigInteger p) {
        List<Polynomial> found = new ArrayList<>();
        List<BigInteger[]> remaining = new ArrayList<>(modular);
        Polynomial rest = g;
        int s = 1;
        outer:
        while (2 * s <= remaining.size()) {
            int[] subset = new int[s];
            for (int i = 0; i < s; i++) {
                subset[i] = i;
            }
            while (true) {
                BigInteger lc = rest.leadingCoefficient().numerator();
                BigInteger[] h = new BigInteger[]{lc.mod(p)};
                for (int index : subset) {
                    h = Zp.multiply(h, remaining.get(index), p);
                }
                Polynomial candidate = Polynomial.univariate(x, Zp.symmetric(h, p)).integerPrimitive();
                Polynomial[] qr = rest.divideWithRemainder(candidate);
                if (qr[1].isZero()) {
                    found.add(candidate);
                    rest = qr[0].integerPrimitive();
                    for (int i = s - 1; i >= 0; i--) {
                        remaining.remove(subset[i]);
                    }
                    continue outer;
                }
                if (!nextSubset(subset, remaining.size())) {
                    break;
                }
            }
            s++;
        }
        if (!rest.isConstant()) {
            found.add(rest);
        }
        return found;
    }

    private static boolean nextSubset(int[] subset, int n) {
        int k = subset.length;
        for (int i = k - 1; i >= 0; i--) {
            if (subset[i] < n - k + i) {
                subset[i]++;
                for (int j = i + 1; j < k; j++) {
                    subset[j] = subset[j - 1] + 1;
                }
                return true;
            }
        }
        return false;
    }

    /** Dense univariate arithmetic over Z/p, coefficients low to high, always trimmed. */
    static final class Zp {
        private Zp() {
        }

        static int degree(BigInteger[] a) {
            return a.length - 1;
        }

        static BigInteger[] trim(BigInteger[] a) {
            int n = a.length;
            while (n > 1 && a[n - 1].signum() == 0) {
                n--;
            }
            if (n == 0) {
                return new BigInteger[]{BigInteger.ZERO};
            }
            return n == a.length ? a : Arrays.copyOf(a, n);
        }

        static boolean isZero(BigInteger[] a) {
            return a.length == 1 && a[0].signum() == 0;
        }

        static BigInteger[] reduce(BigInteger[] a, BigInteger p) {
            BigInteger[] out = new BigInteger[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i].mod(p);
            }
            return trim(out);
        }

        static BigInteger[] symmetric(BigInteger[] a, BigInteger p) {
            BigInteger half = p.shiftRight(1);
            BigInteger[] out = new BigInteger[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i].compareTo(half) > 0 ? a[i].subtract(p) : a[i];
            }
            return out;
        }

        static BigInteger[] monic(BigInteger[] a, BigInteger p) {
            BigInteger inv = a[a.length - 1].modInverse(p);
            BigInteger[] out = new BigInteger[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i].multiply(inv).mod(p);
            }
            return out;
        }

        static BigInteger[] subtract(BigInteger[] a, BigInteger[] b, BigInteger p) {
            BigInteger[] out = new BigInteger[Math.max(a.length, b.length)];
            for (int i = 0; i < out.length; i++) {
                BigInteger x = i < a.length ? a[i] : BigInteger.ZERO;
                BigInteger y = i < b.length ? b[i] : BigInteger.ZERO;
                out[i] = x.subtract(y).mod(p);
            }
            return trim(out);
        }

        static BigInteger[] multiply(BigInteger[] a, BigInteger[] b, BigInteger p) {
            BigInteger[] out = new BigInteger[a.length + b.length - 1];
            Arrays.fill(out, BigInteger.ZERO);
            for (int i = 0; i < a.length; i++) {
                if (a[i].signum() == 0) {
                    continue;
                }
                for (int j = 0; j < b.length; j++) {
                    out[i + j] = out[i + j].add(a[i].multiply(b[j]));
                }
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = out[i].mod(p);
            }
            return trim(out);
        }

        /** {quotient, remainder} of a by b (b non-zero). */
        static BigInteger[][] divide(BigInteger[] a, BigInteger[] b, BigInteger p) {
            BigInteger[] r = a.clone();
            int db = degree(b);
            BigInteger inv = b[db].modInverse(p);
            if (degree(a) < db) {
                return new BigInteger[][]{{BigInteger.ZERO}, trim(r)};
            }
            BigInteger[] q = new BigInteger[degree(a) - db + 1];
            Arrays.fill(q, BigInteger.ZERO);
            for (int i = degree(a); i >= db; i--) {
                BigInteger c = r[i].multiply(inv).mod(p);
                q[i - db] = c;
                if (c.signum() != 0) {
                    for (int j = 0; j <= db; j++) {
                        r[i - db + j] = r[i - db + j].subtract(c.multiply(b[j])).mod(p);
                    }
                }
            }
            return new BigInteger[][]{trim(q), trim(Arrays.copyOf(r, Math.max(1, db)))};
        }

        static BigInteger[] mod(BigInteger[] a, BigInteger[] m, BigInteger p) {
            return divide(a, m, p)[1];
        }

        static BigInteger[] gcd(BigInteger[] a, BigInteger[] b, BigInteger p) {
            while (!isZero(b)) {
                BigInteger[] r = mod(a, b, p);
                a = b;
                b = r;
            }
            return isZero(a) ? a : monic(a, p);
        }

        static BigInteger[] derivative(BigInteger[] a, BigInteger p) {
            if (a.length == 1) {
                return new BigInteger[]{BigInteger.ZERO};
            }
            BigInteger[] out = new BigInteger[a.length - 1];
            for (int i = 1; i < a.length; i++) {
                out[i - 1] = a[i].multiply(BigInteger.valueOf(i)).mod(p);
            }
            return trim(out);
        }

        static BigInteger[] powMod(BigInteger[] base, BigInteger e, BigInteger[] m, BigInteger p) {
            BigInteger[] result = {BigInteger.ONE};
            BigInteger[] b = mod(base, m, p);
            for (int i = e.bitLength() - 1; i >= 0; i--) {
                result = mod(multiply(result, result, p), m, p);
                if (e.testBit(i)) {
                    result = mod(multiply(result, b, p), m, p);
                }
            }
            return result;
        }

        /** Monic irreducible factors of a monic square-free f mod an odd prime p. */
        static List<BigInteger[]> factorSquareFree(BigInteger[] f, BigInteger p, Random random) {
            List<BigInteger[]> out = new ArrayList<>();
            BigInteger[] x = {BigInteger.ZERO, BigInteger.ONE};
            BigInteger[] h = x;
            BigInteger[] rest = f;
            for (int d = 1; 2 * d <= degree(rest); d++) {
                h = powMod(h, p, rest, p);
                BigInteger[] g = gcd(rest, subtract(h, x, p), p);
                if (degree(g) > 0) {
                    equalDegree(g, d, p, random, out);
                    rest = divide(rest, g, p)[0];
                    h = mod(h, rest, p);
                }
            }
            if (degree(rest) > 0) {
                out.add(monic(rest, p));
            }
            return out;
        }

        private static void equalDegree(BigInteger[] g, int d, BigInteger p, Random random, List<BigInteger[]> out) {
            if (degree(g) == d) {
                out.add(monic(g, p));
                return;
            }
            BigInteger exponent = p.pow(d).subtract(BigInteger.ONE).shiftRight(1);
            while (true) {
                BigInteger[] a = new BigInteger[degree(g)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = new BigInteger(p.bitLength() + 8, random).mod(p);
                }
                a = trim(a);
                if (degree(a) < 1) {
                    continue;
                }
                BigInteger[] b = subtract(powMod(a, exponent, g, p), new BigInteger[]{BigInteger.ONE}, p);
                BigInteger[] c = gcd(g, b, p);
                if (degree(c) > 0 && degree(c) < degree(g)) {
                    equalDegree(c, d, p, random, out);
                    equalDegree(divide(g, c, p)[0], d, p, random, out);
                    return;
                }
            }
        }
    }
}
