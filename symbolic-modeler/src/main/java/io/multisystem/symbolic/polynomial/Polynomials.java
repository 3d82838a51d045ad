package io.multisystem.symbolic.polynomial;

import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.Rational;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Conversion of expressions to canonical polynomials, and the polynomial GCD.
 *
 * <p>Design note: the GCD over Q[x1..xn] is the classical recursive one (Knuth TAOCP 4.6.1, Algorithm E; Geddes,
 * Czapor, Labahn ch. 7): view both polynomials as univariate in their first variable v with coefficients in
 * Q[other variables], split off the contents (recursive GCD of the coefficients), run a primitive pseudo-remainder
 * sequence on the primitive parts (each remainder made primitive in v and over Z, which keeps coefficients small), and
 * multiply back the GCD of the contents. The result is normalised monic in the canonical term order, so it is unique.
 * {@link #gcd} first tries the heuristic GCD by integer evaluation and interpolation ({@link HeuristicGcd}), which
 * avoids the PRS's coefficient growth and is much faster on dense multivariate inputs; the PRS is the fallback.
 */
public final class Polynomials {
    private Polynomials() {
    }

    /**
     * The canonical polynomial of an expression built from numbers, symbols, + - *, division by a non-zero constant
     * and {@code pow} with a non-negative integer exponent. Any other function application (sin, exp, a derivative
     * ...) becomes an opaque variable named by its S-expression, after its arguments are canonicalised, so
     * {@code sin(x)^2 + 2*sin(x)} is a polynomial in {@code (sin x)}.
     *
     * @throws io.multisystem.core.error.InvalidInputException NOT_A_POLYNOMIAL for division by a non-constant or a
     *     non-integer/negative power; DIVISION_BY_ZERO for division by zero
     */
    public static Polynomial fromTerm(Term term) {
        if (term instanceof Term.Num n) {
            return Polynomial.constant(n.value());
        }
        if (term instanceof Term.Sym s) {
            return Polynomial.variable(s.name());
        }
        Term.App app = (Term.App) term;
        String op = app.operator();
        switch (op) {
            case "+":
                return fromTerm(app.argument(0)).add(fromTerm(app.argument(1)));
            case "-":
                return fromTerm(app.argument(0)).subtract(fromTerm(app.argument(1)));
            case "*":
                return fromTerm(app.argument(0)).multiply(fromTerm(app.argument(1)));
            case "/": {
                Polynomial d = fromTerm(app.argument(1));
                if (!d.isConstant()) {
                    throw InputErrors.invalid("NOT_A_POLYNOMIAL", "division by the non-constant " + d
                            + " is not polynomial; use canonicalize (rational functions) instead");
                }
                if (d.isZero()) {
                    throw InputErrors.invalid("DIVISION_BY_ZERO", "division by zero in " + SExpressions.print(term));
                }
                return fromTerm(app.argument(0)).scale(d.constantValue().reciprocal());
            }
            case "pow":
                if (app.arguments().size() == 2) {
                    int n = integerExponent(app.argument(1), term);
                    if (n < 0) {
                        throw InputErrors.invalid("NOT_A_POLYNOMIAL", "negative power in " + SExpressions.print(term)
                                + " is not polynomial; use canonicalize (rational functions) instead");
                    }
                    return fromTerm(app.argument(0)).pow(n);
                }
                break;
            default:
                break;
        }
        return Polynomial.variable(SExpressions.print(atom(app)));
    }

    static Term atom(Term.App app) {
        List<Term> args = new ArrayList<>();
        for (Term a : app.arguments()) {
            args.add(RationalFunction.fromTerm(a).toTerm());
        }
        return Term.app(app.operator(), args);
    }

    static final int MAX_EXPONENT = 10_000;

    static int integerExponent(Term exponent, Term whole) {
        Polynomial e;
        try {
            e = fromTerm(exponent);
        } catch (RuntimeException ex) {
            e = null;
        }
        if (e == null || !e.isConstant() || !e.constantValue().isInteger()) {
            throw InputErrors.invalid("NOT_A_POLYNOMIAL", "the exponent in " + SExpressions.print(whole)
                    + " must be an integer constant");
        }
        if (e.constantValue().numerator().abs().bitLength() > 31
                || Math.abs(e.constantValue().numerator().intValue()) > MAX_EXPONENT) {
            throw InputErrors.invalid("EXPONENT_TOO_LARGE", "the exponent in " + SExpressions.print(whole)
                    + " exceeds " + MAX_EXPONENT);
        }
        return e.constantValue().numerator().intValue();
    }

    /**
     * The greatest common divisor, monic in the canonical term order (0 when both are 0): the heuristic GCD
     * ({@link HeuristicGcd}) when it succeeds, else the primitive PRS.
     */
    public static Polynomial gcd(Polynomial a, Polynomial b) {
        if (a.isZero()) {
            return b.monic();
        }
        if (b.isZero()) {
            return a.monic();
        }
        if (a.isConstant() || b.isConstant()) {
            return Polynomial.ONE;
        }
        Polynomial h = HeuristicGcd.gcd(a.integerPrimitive(), b.integerPrimitive());
        return h != null ? h.monic() : prsGcd(a, b);
    }

    /** The GCD by the recursive primitive pseudo-remainder sequence alone (the fallback, and a test oracle). */
    static Polynomial prsGcd(Polynomial a, Polynomial b) {
        if (a.isZero()) {
            return b.monic();
        }
        if (b.isZero()) {
            return a.monic();
        }
        if (a.isConstant() || b.isConstant()) {
            return Polynomial.ONE;
        }
        if (a.termCount() >= b.termCount() && a.divideWithRemainder(b)[1].isZero()) {
            return b.monic();
        }
        if (b.termCount() > a.termCount() && b.divideWithRemainder(a)[1].isZero()) {
            return a.monic();
        }
        String v = firstVariable(a, b);
        Polynomial ca = content(a, v);
        Polynomial cb = content(b, v);
        Polynomial pa = a.divideExactly(ca).integerPrimitive();
        Polynomial pb = b.divideExactly(cb).integerPrimitive();
        Polynomial c = prsGcd(ca, cb);
        if (pa.degree(v) < pb.degree(v)) {
            Polynomial t = pa;
            pa = pb;
            pb = t;
        }
        while (!pb.isZero()) {
            Polynomial r = pseudoRemainder(pa, pb, v);
            pa = pb;
            pb = r.isZero() ? r : primitivePart(r, v);
        }
        return c.multiply(primitivePart(pa, v)).monic();
    }

    /** The least common multiple, monic. */
    public static Polynomial lcm(Polynomial a, Polynomial b) {
        if (a.isZero() || b.isZero()) {
            return Polynomial.ZERO;
        }
        return a.multiply(b).divideExactly(gcd(a, b)).monic();
    }

    private static String firstVariable(Polynomial a, Polynomial b) {
        String va = a.variables().get(0);
        String vb = b.variables().get(0);
        return va.compareTo(vb) <= 0 ? va : vb;
    }

    /** Content in {@code v}: the (monic) GCD of the coefficients of the powers of v. */
    public static Polynomial content(Polynomial p, String v) {
        Polynomial g = Polynomial.ZERO;
        for (Polynomial c : p.coefficientsIn(v).values()) {
            g = gcd(g, c);
            if (g.isConstant() && !g.isZero()) {
                return Polynomial.ONE;
            }
        }
        return g;
    }

    /** p divided by its content in v, then made primitive over Z with a positive leading coefficient. */
    public static Polynomial primitivePart(Polynomial p, String v) {
        if (p.isZero()) {
            return p;
        }
        return p.divideExactly(content(p, v)).integerPrimitive();
    }

    static Polynomial pseudoRemainder(Polynomial a, Polynomial b, String v) {
        int db = b.degree(v);
        Polynomial lcb = b.coefficientsIn(v).lastEntry().getValue();
        Polynomial r = a;
        while (!r.isZero() && r.degree(v) >= db) {
            TreeMap<Integer, Polynomial> rc = r.coefficientsIn(v);
            int dr = rc.lastKey();
            Polynomial lcr = rc.lastEntry().getValue();
            r = lcb.multiply(r).subtract(lcr.multiply(Polynomial.power(v, dr - db)).multiply(b));
        }
        return r;
    }

    /** Turns {@code factors} (factor, multiplicity) back into one product. */
    static Polynomial product(Rational unit, Map<Polynomial, Integer> factors) {
        Polynomial p = Polynomial.constant(unit);
        for (Map.Entry<Polynomial, Integer> f : factors.entrySet()) {
            p = p.multiply(f.getKey().pow(f.getValue()));
        }
        return p;
    }
}
