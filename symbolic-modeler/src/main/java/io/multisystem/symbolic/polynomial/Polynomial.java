package io.multisystem.symbolic.polynomial;

import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.Rational;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A multivariate polynomial over the rationals in canonical (expanded, collected) form.
 *
 * <p>Design note: a polynomial is an immutable sorted array of terms (monomial exponent vector, non-zero exact
 * {@link Rational} coefficient) over an alphabetically sorted list of variables that all occur. Terms are kept in
 * descending <em>lexicographic</em> order (variables compared alphabetically), the canonical term order; with every
 * variable occurring and no zero coefficient the representation is unique, so two polynomial expressions are equal
 * exactly when their {@code Polynomial}s are {@link #equals equal}. Variables are symbol names, or the S-expression of
 * an opaque non-polynomial atom such as {@code (sin x)} (see {@link Polynomials#fromTerm}).
 *
 * <p>Thread-safe (immutable). Arithmetic is exact; the cost of a product is |a|·|b| coefficient multiplications.
 * Two fast paths give the same results as the general one (property-tested against it): products whose coefficients
 * fit in a long and whose exponent vectors pack into one long run on primitive longs with overflow checks
 * ({@code multiplyPacked}), and powers of sparse sums use the multinomial theorem ({@link #pow}).
 */
public final class Polynomial {
    static final Polynomial ZERO = new Polynomial(new String[0], new int[0][], new Rational[0]);
    static final Polynomial ONE = constant(Rational.ONE);

    private final String[] vars;
    private final int[][] exps;
    private final Rational[] coeffs;

    private Polynomial(String[] vars, int[][] exps, Rational[] coeffs) {
        this.vars = vars;
        this.exps = exps;
        this.coeffs = coeffs;
    }

    /** The constant polynomial {@code c}. */
    public static Polynomial constant(Rational c) {
        if (c.isZero()) {
            return ZERO;
        }
        return new Polynomial(new String[0], new int[][]{new int[0]}, new Rational[]{c});
    }

    /** The polynomial {@code name}. */
    public static Polynomial variable(String name) {
        return new Polynomial(new String[]{name}, new int[][]{{1}}, new Rational[]{Rational.ONE});
    }

    /**
     * Builds from monomials (aligned with {@code vars}, which need not be sorted) and their coefficients; collects.
     * The map's keys are distinct, and dropping the variables that occur in no term with a non-zero coefficient keeps
     * them distinct, so the canonical form is the non-zero terms projected onto the occurring variables and sorted.
     */
    static Polynomial of(String[] vars, Map<Mono, Rational> terms) {
        int[][] monos = new int[terms.size()][];
        Rational[] cs = new Rational[terms.size()];
        boolean[] used = new boolean[vars.length];
        int n = 0;
        for (Map.Entry<Mono, Rational> e : terms.entrySet()) {
            if (e.getValue().isZero()) {
                continue;
            }
            int[] m = e.getKey().e;
            for (int i = 0; i < vars.length; i++) {
                if (m[i] != 0) {
                    used[i] = true;
                }
            }
            monos[n] = m;
            cs[n++] = e.getValue();
        }
        if (n == 0) {
            return ZERO;
        }
        TreeSet<String> names = new TreeSet<>();
        for (int i = 0; i < vars.length; i++) {
            if (used[i]) {
                names.add(vars[i]);
            }
        }
        String[] sorted = names.toArray(new String[0]);
        int[] index = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            index[i] = Arrays.asList(vars).indexOf(sorted[i]);
        }
        int[][] projected = new int[n][];
        Integer[] order = new Integer[n];
        for (int t = 0; t < n; t++) {
            int[] m = new int[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                m[i] = monos[t][index[i]];
            }
            projected[t] = m;
            order[t] = t;
        }
        Arrays.sort(order, (x, y) -> compareDescending(projected[x], projected[y]));
        int[][] exps = new int[n][];
        Rational[] coeffs = new Rational[n];
        for (int t = 0; t < n; t++) {
            exps[t] = projected[order[t]];
            coeffs[t] = cs[order[t]];
        }
        return new Polynomial(sorted, exps, coeffs);
    }

    private static int compareDescending(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(b[i], a[i]);
            }
        }
        return 0;
    }

    /** An exponent vector usable as a hash key. */
    static final class Mono {
        final int[] e;
        private final int hash;

        Mono(int[] e) {
            this.e = e;
            this.hash = Arrays.hashCode(e);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Mono m && Arrays.equals(e, m.e);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The variables that occur, sorted alphabetically. */
    public List<String> variables() {
        return List.of(vars);
    }

    /** Number of terms. */
    public int termCount() {
        return coeffs.length;
    }

    public boolean isZero() {
        return coeffs.length == 0;
    }

    public boolean isConstant() {
        return vars.length == 0;
    }

    /** The constant value; only for {@link #isConstant()} polynomials. */
    public Rational constantValue() {
        if (!isConstant()) {
            throw new IllegalStateException(this + " is not constant");
        }
        return isZero() ? Rational.ZERO : coeffs[0];
    }

    /** The coefficient of the leading term in the canonical (lex) order; zero for the zero polynomial. */
    public Rational leadingCoefficient() {
        return isZero() ? Rational.ZERO : coeffs[0];
    }

    /** Total degree (-1 for zero). */
    public int totalDegree() {
        int max = -1;
        for (int[] m : exps) {
            max = Math.max(max, Arrays.stream(m).sum());
        }
        return max;
    }

    /** Degree in {@code var} (0 when it does not occur, -1 for zero). */
    public int degree(String var) {
        if (isZero()) {
            return -1;
        }
        int i = indexOf(var);
        if (i < 0) {
            return 0;
        }
        int max = 0;
        for (int[] m : exps) {
            max = Math.max(max, m[i]);
        }
        return max;
    }

    private int indexOf(String var) {
        return Arrays.binarySearch(vars, var);
    }

    private static String[] union(String[] a, String[] b) {
        if (Arrays.equals(a, b)) {
            return a;
        }
        TreeSet<String> all = new TreeSet<>(Arrays.asList(a));
        all.addAll(Arrays.asList(b));
        return all.toArray(new String[0]);
    }

    private int[] lift(int[] m, String[] target) {
        if (target == vars) {
            return m;
        }
        int[] out = new int[target.length];
        for (int i = 0; i < vars.length; i++) {
            out[Arrays.binarySearch(target, vars[i])] = m[i];
        }
        return out;
    }

    public Polynomial add(Polynomial other) {
        return combine(other, Rational.ONE);
    }

    public Polynomial subtract(Polynomial other) {
        return combine(other, Rational.MINUS_ONE);
    }

    private Polynomial combine(Polynomial other, Rational sign) {
        String[] all = union(vars, other.vars);
        Map<Mono, Rational> acc = new HashMap<>();
        for (int i = 0; i < exps.length; i++) {
            acc.merge(new Mono(lift(exps[i], all)), coeffs[i], Rational::add);
        }
        for (int i = 0; i < other.exps.length; i++) {
            Rational c = sign == Rational.ONE ? other.coeffs[i] : other.coeffs[i].negate();
            acc.merge(new Mono(other.lift(other.exps[i], all)), c, Rational::add);
        }
        return of(all, acc);
    }

    public Polynomial negate() {
        return scale(Rational.MINUS_ONE);
    }

    public Polynomial scale(Rational c) {
        if (c.isZero()) {
            return ZERO;
        }
        Rational[] out = new Rational[coeffs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = coeffs[i].multiply(c);
        }
        return new Polynomial(vars, exps, out);
    }

    public Polynomial multiply(Polynomial other) {
        return multiply(other, true);
    }

    /** The product by the general exact path alone, never the packed long fast path (a test oracle). */
    static Polynomial viaExactProduct(Polynomial a, Polynomial b) {
        return a.multiply(b, false);
    }

    private Polynomial multiply(Polynomial other, boolean allowPacked) {
        if (isZero() || other.isZero()) {
            return ZERO;
        }
        String[] all = union(vars, other.vars);
        int[][] a = new int[exps.length][];
        for (int i = 0; i < a.length; i++) {
            a[i] = lift(exps[i], all);
        }
        int[][] b = new int[other.exps.length][];
        for (int i = 0; i < b.length; i++) {
            b[i] = other.lift(other.exps[i], all);
        }
        Polynomial packed = allowPacked ? multiplyPacked(other, all, a, b) : null;
        if (packed != null) {
            return packed;
        }
        Map<Mono, Rational> acc = new HashMap<>(a.length * b.length * 2);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                int[] m = new int[all.length];
                for (int k = 0; k < m.length; k++) {
                    m[k] = a[i][k] + b[j][k];
                }
                acc.merge(new Mono(m), coeffs[i].multiply(other.coeffs[j]), Rational::add);
            }
        }
        return of(all, acc);
    }

    /**
     * The product on the fast path, or null when it does not apply: every coefficient of both factors an integer
     * that fits in a long, and the result's exponent vectors packable into one non-negative long (a fixed-width field
     * per variable, the first variable in the highest bits, each field wide enough for the largest sum of
     * exponents). Then a monomial product is one long addition, coefficients are multiplied and summed with
     * overflow-checked long arithmetic (any overflow abandons the fast path, so the exact path decides), terms
     * collect in an open-addressing hash table, and because packing preserves the lex order the canonical term order
     * is a descending sort of the keys. Results are identical to the general path (tested against it).
     */
    private Polynomial multiplyPacked(Polynomial other, String[] all, int[][] a, int[][] b) {
        if (all.length == 0) {
            return null;
        }
        long[] ca = smallIntegers(coeffs);
        long[] cb = ca == null ? null : smallIntegers(other.coeffs);
        if (cb == null) {
            return null;
        }
        int maxSum = 0;
        for (int k = 0; k < all.length; k++) {
            int ma = 0;
            int mb = 0;
            for (int[] m : a) {
                ma = Math.max(ma, m[k]);
            }
            for (int[] m : b) {
                mb = Math.max(mb, m[k]);
            }
            maxSum = Math.max(maxSum, ma + mb);
        }
        int bits = 32 - Integer.numberOfLeadingZeros(maxSum);
        if (bits == 0 || (long) bits * all.length > 62) {
            return null;
        }
        long[] pa = pack(a, bits);
        long[] pb = pack(b, bits);
        int capacity = Integer.highestOneBit(Math.max(4, Math.min(a.length * b.length, 1 << 18) * 2 - 1)) << 1;
        long[] keys = new long[capacity];
        long[] values = new long[capacity];
        Arrays.fill(keys, -1L);
        int mask = capacity - 1;
        int size = 0;
        try {
            for (int i = 0; i < pa.length; i++) {
                for (int j = 0; j < pb.length; j++) {
                    long key = pa[i] + pb[j];
                    long c = Math.multiplyExact(ca[i], cb[j]);
                    int slot = (int) (mix(key) & mask);
                    while (keys[slot] != -1L && keys[slot] != key) {
                        slot = (slot + 1) & mask;
                    }
                    if (keys[slot] == -1L) {
                        if (size * 2 >= capacity) {
                            return null;
                        }
                        keys[slot] = key;
                        values[slot] = c;
                        size++;
                    } else {
                        values[slot] = Math.addExact(values[slot], c);
                    }
                }
            }
        } catch (ArithmeticException overflow) {
            return null;
        }
        long[] order = new long[size];
        int n = 0;
        for (int s = 0; s < capacity; s++) {
            if (keys[s] != -1L && values[s] != 0) {
                order[n++] = keys[s];
            }
        }
        if (n == 0) {
            return ZERO;
        }
        order = Arrays.copyOf(order, n);
        Arrays.sort(order);
        long fieldMask = (1L << bits) - 1;
        boolean[] used = new boolean[all.length];
        for (long key : order) {
            for (int k = 0; k < all.length; k++) {
                if (((key >>> ((all.length - 1 - k) * bits)) & fieldMask) != 0) {
                    used[k] = true;
                }
            }
        }
        int usedCount = 0;
        for (boolean u : used) {
            usedCount += u ? 1 : 0;
        }
        String[] outVars = new String[usedCount];
        for (int k = 0, o = 0; k < all.length; k++) {
            if (used[k]) {
                outVars[o++] = all[k];
            }
        }
        int[][] outExps = new int[n][];
        Rational[] outCoeffs = new Rational[n];
        for (int t = 0; t < n; t++) {
            long key = order[n - 1 - t];
            int[] m = new int[usedCount];
            for (int k = 0, o = 0; k < all.length; k++) {
                if (used[k]) {
                    m[o++] = (int) ((key >>> ((all.length - 1 - k) * bits)) & fieldMask);
                }
            }
            outExps[t] = m;
            int slot = (int) (mix(key) & mask);
            while (keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            outCoeffs[t] = Rational.of(BigInteger.valueOf(values[slot]));
        }
        return new Polynomial(outVars, outExps, outCoeffs);
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private static long[] pack(int[][] exponents, int bits) {
        long[] out = new long[exponents.length];
        for (int i = 0; i < exponents.length; i++) {
            long key = 0;
            for (int e : exponents[i]) {
                key = (key << bits) | e;
            }
            out[i] = key;
        }
        return out;
    }

    /** The coefficients as longs when all are integers of at most 62 bits, else null. */
    private static long[] smallIntegers(Rational[] coefficients) {
        long[] out = new long[coefficients.length];
        for (int i = 0; i < out.length; i++) {
            Rational c = coefficients[i];
            if (!c.isInteger() || c.numerator().bitLength() > 62) {
                return null;
            }
            out[i] = c.numerator().longValue();
        }
        return out;
    }

    /**
     * This polynomial to a non-negative power: by the multinomial theorem when the number of multinomial terms is
     * small next to the size of the result's exponent box (sparse sums such as {@code (x+y+z+1)^n}, where it builds
     * each result term once instead of multiplying ever larger intermediate powers), else by repeated squaring
     * (dense bases whose terms collide heavily, e.g. univariate ones).
     *
     * @throws io.multisystem.core.error.InvalidInputException NEGATIVE_EXPONENT for {@code n < 0}
     */
    public Polynomial pow(int n) {
        if (n < 0) {
            throw InputErrors.invalid("NEGATIVE_EXPONENT", "a polynomial power needs a non-negative integer exponent, was " + n);
        }
        if (n == 0) {
            return ONE;
        }
        if (n == 1 || isZero()) {
            return this;
        }
        return multinomialPays(n) ? multinomialPow(n) : powBySquaring(n);
    }

    /** Most multinomial terms one power may enumerate; beyond it repeated squaring is used. */
    static final int MULTINOMIAL_LIMIT = 200_000;

    /**
     * Whether the multinomial expansion is the cheaper way to the n-th power: its term count C(n+k-1, k-1) (k terms)
     * is within {@link #MULTINOMIAL_LIMIT} and at most 4 times the dense exponent box of the result (the product over
     * the variables of n·degree + 1), an upper bound on the result's size; more multinomial terms than that means they
     * mostly collide and repeated squaring wastes less.
     */
    boolean multinomialPays(int n) {
        int k = coeffs.length;
        double combos = 1;
        for (int i = 1; i < k; i++) {
            combos = combos * (n + i) / i;
            if (combos > MULTINOMIAL_LIMIT) {
                return false;
            }
        }
        double box = 1;
        for (int v = 0; v < vars.length; v++) {
            int max = 0;
            for (int[] m : exps) {
                max = Math.max(max, m[v]);
            }
            box *= (double) n * max + 1;
        }
        return combos <= 4 * box;
    }

    /**
     * The n-th power by the multinomial theorem: the sum over all exponent splits e1 + ... + ek = n of
     * n!/(e1!...ek!) · prod(ci^ei) · prod(mi^ei), enumerated depth-first with the multinomial coefficient built as a
     * product of binomials C(r, e) (each from the previous by one exact multiply and divide) and the coefficient
     * powers precomputed per term; equal monomials are collected, then normalised by {@link #of}.
     */
    Polynomial multinomialPow(int n) {
        int k = coeffs.length;
        Rational[][] powers = new Rational[k][];
        for (int i = 0; i < k; i++) {
            Rational[] p = new Rational[n + 1];
            p[0] = Rational.ONE;
            for (int e = 1; e <= n; e++) {
                p[e] = coeffs[i].equals(Rational.ONE) ? Rational.ONE : p[e - 1].multiply(coeffs[i]);
            }
            powers[i] = p;
        }
        Map<Mono, Rational> acc = new HashMap<>();
        expandTerms(0, n, Rational.ONE, new int[vars.length], powers, acc);
        return of(vars, acc);
    }

    private void expandTerms(int i, int remaining, Rational coefficient, int[] mono, Rational[][] powers,
                             Map<Mono, Rational> acc) {
        int[] m = exps[i];
        if (i == coeffs.length - 1) {
            int[] out = mono.clone();
            for (int v = 0; v < out.length; v++) {
                out[v] += remaining * m[v];
            }
            acc.merge(new Mono(out), coefficient.multiply(powers[i][remaining]), Rational::add);
            return;
        }
        BigInteger binomial = BigInteger.ONE;
        for (int e = 0; e <= remaining; e++) {
            if (e > 0) {
                binomial = binomial.multiply(BigInteger.valueOf(remaining - e + 1)).divide(BigInteger.valueOf(e));
                for (int v = 0; v < mono.length; v++) {
                    mono[v] += m[v];
                }
            }
            Rational c = coefficient.multiply(Rational.of(binomial)).multiply(powers[i][e]);
            expandTerms(i + 1, remaining - e, c, mono, powers, acc);
        }
        for (int v = 0; v < mono.length; v++) {
            mono[v] -= remaining * m[v];
        }
    }

    /** The n-th power ({@code n >= 0}) by repeated squaring alone (the dense path, and a test oracle). */
    Polynomial powBySquaring(int n) {
        Polynomial result = null;
        Polynomial base = this;
        while (n > 0) {
            if ((n & 1) == 1) {
                result = result == null ? base : result.multiply(base);
            }
            n >>= 1;
            if (n > 0) {
                base = base.multiply(base);
            }
        }
        return result == null ? ONE : result;
    }

    /** The partial derivative by {@code var}. */
    public Polynomial derivative(String var) {
        int v = indexOf(var);
        if (v < 0) {
            return ZERO;
        }
        Map<Mono, Rational> acc = new HashMap<>();
        for (int i = 0; i < exps.length; i++) {
            if (exps[i][v] > 0) {
                int[] m = exps[i].clone();
                m[v]--;
                acc.merge(new Mono(m), coeffs[i].multiply(Rational.of(exps[i][v])), Rational::add);
            }
        }
        return of(vars, acc);
    }

    /**
     * Multivariate division in the lex order: {@code this = q·divisor + r} where no term of r is divisible by the
     * leading term of the divisor. The remainder is zero exactly when the divisor divides this polynomial.
     *
     * @throws io.multisystem.core.error.InvalidInputException DIVISION_BY_ZERO when the divisor is zero
     */
    public Polynomial[] divideWithRemainder(Polynomial divisor) {
        if (divisor.isZero()) {
            throw InputErrors.invalid("DIVISION_BY_ZERO", "cannot divide the polynomial " + this + " by zero");
        }
        if (divisor.isConstant()) {
            return new Polynomial[]{scale(divisor.constantValue().reciprocal()), ZERO};
        }
        String[] all = union(vars, divisor.vars);
        int[] lead = divisor.lift(divisor.exps[0], all);
        Rational leadC = divisor.coeffs[0];
        Polynomial p = this;
        Map<Mono, Rational> q = new HashMap<>();
        Map<Mono, Rational> r = new HashMap<>();
        while (!p.isZero()) {
            int[] m = p.lift(p.exps[0], all);
            Rational c = p.coeffs[0];
            boolean divisible = true;
            int[] quotient = new int[all.length];
            for (int k = 0; k < all.length; k++) {
                quotient[k] = m[k] - lead[k];
                if (quotient[k] < 0) {
                    divisible = false;
                    break;
                }
            }
            if (divisible) {
                Rational qc = c.divide(leadC);
                q.merge(new Mono(quotient), qc, Rational::add);
                Map<Mono, Rational> t = new HashMap<>();
                t.put(new Mono(quotient), qc);
                p = p.subtract(of(all, t).multiply(divisor));
            } else {
                r.merge(new Mono(m), c, Rational::add);
                Map<Mono, Rational> t = new HashMap<>();
                t.put(new Mono(m), c);
                p = p.subtract(of(all, t));
            }
        }
        return new Polynomial[]{of(all, q), of(all, r)};
    }

    /** Exact quotient; fails when the divisor does not divide this polynomial. */
    public Polynomial divideExactly(Polynomial divisor) {
        Polynomial[] qr = divideWithRemainder(divisor);
        if (!qr[1].isZero()) {
            throw InputErrors.invalid("NOT_DIVISIBLE", divisor + " does not divide " + this);
        }
        return qr[0];
    }

    /** Coefficients in {@code var}: degree to coefficient polynomial over the other variables. */
    TreeMap<Integer, Polynomial> coefficientsIn(String var) {
        int v = indexOf(var);
        TreeMap<Integer, Polynomial> out = new TreeMap<>();
        if (v < 0) {
            if (!isZero()) {
                out.put(0, this);
            }
            return out;
        }
        Map<Integer, Map<Mono, Rational>> groups = new TreeMap<>();
        for (int i = 0; i < exps.length; i++) {
            int[] m = exps[i].clone();
            int d = m[v];
            m[v] = 0;
            groups.computeIfAbsent(d, k -> new HashMap<>()).merge(new Mono(m), coeffs[i], Rational::add);
        }
        groups.forEach((d, terms) -> out.put(d, of(vars, terms)));
        return out;
    }

    /** The univariate polynomial sum of coefficients[i]·var^i. */
    static Polynomial univariate(String var, BigInteger[] coefficients) {
        Map<Mono, Rational> terms = new HashMap<>();
        for (int i = 0; i < coefficients.length; i++) {
            if (coefficients[i].signum() != 0) {
                terms.put(new Mono(new int[]{i}), Rational.of(coefficients[i]));
            }
        }
        return of(new String[]{var}, terms);
    }

    /** Integer coefficients low to high of a univariate polynomial with integer coefficients. */
    BigInteger[] integerCoefficients() {
        int n = Math.max(0, vars.length == 0 ? 0 : degree(vars[0]));
        BigInteger[] out = new BigInteger[n + 1];
        Arrays.fill(out, BigInteger.ZERO);
        for (int i = 0; i < exps.length; i++) {
            out[vars.length == 0 ? 0 : exps[i][0]] = coeffs[i].numerator();
        }
        return out;
    }

    /**
     * The integer coefficients over the given variables (a superset of {@link #variables()}, sorted): exponent vectors
     * in {@code exponents}, coefficients returned; this must have integer coefficients.
     */
    BigInteger[] integerTerms(String[] over, List<int[]> exponents) {
        int[] index = new int[vars.length];
        for (int k = 0; k < vars.length; k++) {
            index[k] = Arrays.binarySearch(over, vars[k]);
        }
        BigInteger[] out = new BigInteger[exps.length];
        for (int i = 0; i < exps.length; i++) {
            int[] e = new int[over.length];
            for (int k = 0; k < vars.length; k++) {
                e[index[k]] = exps[i][k];
            }
            exponents.add(e);
            out[i] = coeffs[i].numerator();
        }
        return out;
    }

    /** The polynomial with the given integer terms over the given variables. */
    static Polynomial fromIntegerTerms(String[] over, Map<Mono, BigInteger> terms) {
        Map<Mono, Rational> m = new java.util.HashMap<>();
        terms.forEach((mono, c) -> m.put(mono, Rational.of(c)));
        return of(over, m);
    }

    /** {@code var^n}. */
    static Polynomial power(String var, int n) {
        return n == 0 ? ONE : new Polynomial(new String[]{var}, new int[][]{{n}}, new Rational[]{Rational.ONE});
    }

    /** Rational content: the positive rational c with this/c having coprime integer coefficients. */
    public Rational rationalContent() {
        if (isZero()) {
            return Rational.ONE;
        }
        BigInteger num = BigInteger.ZERO;
        BigInteger den = BigInteger.ONE;
        for (Rational c : coeffs) {
            num = num.gcd(c.numerator());
            den = den.divide(den.gcd(c.denominator())).multiply(c.denominator());
        }
        return Rational.of(num, den);
    }

    /** This divided by its rational content, with a positive leading coefficient: integer, primitive over Z. */
    public Polynomial integerPrimitive() {
        if (isZero()) {
            return this;
        }
        Rational c = rationalContent();
        if (leadingCoefficient().signum() < 0) {
            c = c.negate();
        }
        return scale(c.reciprocal());
    }

    /** This divided by its leading coefficient. */
    public Polynomial monic() {
        return isZero() ? this : scale(leadingCoefficient().reciprocal());
    }

    /** Evaluates with doubles; every variable must be bound. */
    public double evaluate(Map<String, Double> values) {
        double sum = 0;
        for (int i = 0; i < exps.length; i++) {
            double t = coeffs[i].numerator().doubleValue() / coeffs[i].denominator().doubleValue();
            for (int k = 0; k < vars.length; k++) {
                if (exps[i][k] != 0) {
                    Double x = values.get(vars[k]);
                    if (x == null) {
                        throw InputErrors.invalid("UNBOUND_VARIABLE", "no value given for " + vars[k]);
                    }
                    t *= Math.pow(x, exps[i][k]);
                }
            }
            sum += t;
        }
        return sum;
    }

    /** Substitutes an exact value for one variable. */
    public Rational evaluateExactly(Rational x) {
        if (vars.length > 1) {
            throw new IllegalStateException("not univariate: " + this);
        }
        Rational sum = Rational.ZERO;
        for (int i = 0; i < exps.length; i++) {
            sum = sum.add(coeffs[i].multiply(vars.length == 0 ? Rational.ONE : x.pow(exps[i][0])));
        }
        return sum;
    }

    /** Terms as (variable exponents, coefficient), in canonical order. */
    List<Map.Entry<Map<String, Integer>, Rational>> terms() {
        List<Map.Entry<Map<String, Integer>, Rational>> out = new ArrayList<>();
        for (int i = 0; i < exps.length; i++) {
            Map<String, Integer> m = new java.util.LinkedHashMap<>();
            for (int k = 0; k < vars.length; k++) {
                if (exps[i][k] != 0) {
                    m.put(vars[k], exps[i][k]);
                }
            }
            out.add(Map.entry(m, coeffs[i]));
        }
        return out;
    }

    /** The canonical expression: a left-nested sum of coefficient·power products, in canonical term order. */
    public Term toTerm() {
        if (isZero()) {
            return Term.num(0);
        }
        Term sum = null;
        for (int i = 0; i < exps.length; i++) {
            Term product = null;
            for (int k = 0; k < vars.length; k++) {
                if (exps[i][k] == 0) {
                    continue;
                }
                Term base = vars[k].startsWith("(") ? SExpressions.parse(vars[k]) : Term.sym(vars[k]);
                Term factor = exps[i][k] == 1 ? base : Term.app("pow", base, Term.num(exps[i][k]));
                product = product == null ? factor : Term.app("*", product, factor);
            }
            Term term;
            if (product == null) {
                term = Term.num(coeffs[i]);
            } else if (coeffs[i].equals(Rational.ONE)) {
                term = product;
            } else {
                term = Term.app("*", Term.num(coeffs[i]), product);
            }
            sum = sum == null ? term : Term.app("+", sum, term);
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Polynomial p && Arrays.equals(vars, p.vars) && Arrays.deepEquals(exps, p.exps)
                && Arrays.equals(coeffs, p.coeffs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(vars), Arrays.deepHashCode(exps), Arrays.hashCode(coeffs));
    }

    /** Readable infix text, e.g. {@code x^2 + 4*x + 3}, terms in canonical order. */
    @Override
    public String toString() {
        if (isZero()) {
            return "0";
        }
        String[] names = new String[vars.length];
        for (int k = 0; k < vars.length; k++) {
            names[k] = vars[k].startsWith("(") ? io.multisystem.symbolic.expr.InfixExpressions.print(SExpressions.parse(vars[k])) : vars[k];
        }
        StringBuilder sb = new StringBuilder(exps.length * (8 + 4 * vars.length));
        for (int i = 0; i < exps.length; i++) {
            Rational c = coeffs[i];
            boolean negative = c.signum() < 0;
            Rational abs = negative ? c.negate() : c;
            if (i == 0) {
                sb.append(negative ? "-" : "");
            } else {
                sb.append(negative ? " - " : " + ");
            }
            boolean unit = abs.equals(Rational.ONE);
            boolean monomial = false;
            for (int k = 0; k < vars.length && !monomial; k++) {
                monomial = exps[i][k] != 0;
            }
            if (!monomial || !unit) {
                sb.append(abs.isInteger() ? abs.toString() : "(" + abs + ")");
                if (monomial) {
                    sb.append('*');
                }
            }
            boolean first = true;
            for (int k = 0; k < vars.length; k++) {
                if (exps[i][k] == 0) {
                    continue;
                }
                if (!first) {
                    sb.append('*');
                }
                first = false;
                sb.append(names[k]);
                if (exps[i][k] != 1) {
                    sb.append('^').append(exps[i][k]);
                }
            }
        }
        return sb.toString();
    }
}
