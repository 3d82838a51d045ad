package io.multisystem.symbolic.proof;

import io.multisystem.symbolic.expr.Rational;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The proof checker's own decision procedure for one canonicalisation step: are two terms equal as rational
 * functions over Q? Deliberately independent of {@code symbolic.polynomial} (it shares only the term and rational
 * types), so a bug in the canonicaliser cannot vouch for itself.
 *
 * <p>Design note: a term over {@code + - * /} and {@code pow} with an integer-constant exponent is evaluated to an
 * unreduced fraction of sparse polynomials (monomial = sorted map atom to exponent, atoms are symbols or any other
 * subterm, keyed by its S-expression); fractions are never reduced, so no GCD is needed. Two terms are equal exactly
 * when {@code n1*d2 = n2*d1} as polynomials. A divisor that is identically zero makes the step invalid. Work is
 * bounded (exponents at most 10,000, polynomials at most 200,000 terms) so a hostile proof cannot hang the checker;
 * beyond the bounds the step is reported as unverifiable. Stateless and thread-safe.
 */
final class RationalIdentity {
    private static final int MAX_EXPONENT = 10_000;
    private static final int MAX_TERMS = 200_000;

    private RationalIdentity() {
    }

    /** Why {@code a = b} does not hold as rational functions, or empty when it does. */
    static Optional<String> differences(Term a, Term b) {
        Fraction fa;
        Fraction fb;
        try {
            fa = evaluate(a);
            fb = evaluate(b);
        } catch (Unverifiable e) {
            return Optional.of(e.getMessage());
        }
        try {
            Poly left = fa.num.multiply(fb.den);
            Poly right = fb.num.multiply(fa.den);
            return left.equals(right) ? Optional.empty()
                    : Optional.of(SExpressions.print(a) + " and " + SExpressions.print(b) + " differ as rational functions");
        } catch (Unverifiable e) {
            return Optional.of(e.getMessage());
        }
    }

    private static final class Unverifiable extends RuntimeException {
        Unverifiable(String message) {
            super(message, null, false, false);
        }
    }

    private record Fraction(Poly num, Poly den) {
    }

    private static Fraction evaluate(Term term) {
        if (term instanceof Term.Num n) {
            return new Fraction(Poly.constant(n.value()), Poly.constant(Rational.ONE));
        }
        if (term instanceof Term.Sym s) {
            return new Fraction(Poly.atom(s.name()), Poly.constant(Rational.ONE));
        }
        Term.App app = (Term.App) term;
        if (app.arguments().size() == 2) {
            switch (app.operator()) {
                case "+", "-" -> {
                    Fraction x = evaluate(app.argument(0));
                    Fraction y = evaluate(app.argument(1));
                    Poly cross = y.num.multiply(x.den);
                    return new Fraction(app.operator().equals("+") ? x.num.multiply(y.den).add(cross)
                            : x.num.multiply(y.den).add(cross.negate()), x.den.multiply(y.den));
                }
                case "*" -> {
                    Fraction x = evaluate(app.argument(0));
                    Fraction y = evaluate(app.argument(1));
                    return new Fraction(x.num.multiply(y.num), x.den.multiply(y.den));
                }
                case "/" -> {
                    Fraction x = evaluate(app.argument(0));
                    Fraction y = evaluate(app.argument(1));
                    if (y.num.isZero()) {
                        throw new Unverifiable("division by " + SExpressions.print(app.argument(1)) + ", which is identically 0");
                    }
                    return new Fraction(x.num.multiply(y.den), x.den.multiply(y.num));
                }
                case "pow" -> {
                    if (app.argument(1) instanceof Term.Num e && e.value().isInteger()) {
                        if (e.value().numerator().abs().bitLength() > 31
                                || Math.abs(e.value().numerator().intValue()) > MAX_EXPONENT) {
                            throw new Unverifiable("exponent " + e.value() + " exceeds " + MAX_EXPONENT);
                        }
                        int n = e.value().numerator().intValue();
                        Fraction base = evaluate(app.argument(0));
                        if (n >= 0) {
                            return new Fraction(base.num.pow(n), base.den.pow(n));
                        }
                        if (base.num.isZero()) {
                            throw new Unverifiable("0 raised to the negative power " + n);
                        }
                        return new Fraction(base.den.pow(-n), base.num.pow(-n));
                    }
                }
                default -> {
                }
            }
        }
        return new Fraction(Poly.atom(SExpressions.print(term)), Poly.constant(Rational.ONE));
    }

    /** A sparse polynomial: monomial (atom to positive exponent, sorted) to non-zero coefficient. */
    private record Poly(Map<TreeMap<String, Integer>, Rational> terms) {
        static Poly constant(Rational c) {
            Map<TreeMap<String, Integer>, Rational> m = new HashMap<>();
            if (!c.isZero()) {
                m.put(new TreeMap<>(), c);
            }
            return new Poly(m);
        }

        static Poly atom(String name) {
            TreeMap<String, Integer> monomial = new TreeMap<>();
            monomial.put(name, 1);
            Map<TreeMap<String, Integer>, Rational> m = new HashMap<>();
            m.put(monomial, Rational.ONE);
            return new Poly(m);
        }

        boolean isZero() {
            return terms.isEmpty();
        }

        Poly add(Poly o) {
            Map<TreeMap<String, Integer>, Rational> m = new HashMap<>(terms);
            o.terms.forEach((monomial, c) -> {
                Rational sum = m.containsKey(monomial) ? m.get(monomial).add(c) : c;
                if (sum.isZero()) {
                    m.remove(monomial);
                } else {
                    m.put(monomial, sum);
                }
            });
            return new Poly(m);
        }

        Poly negate() {
            Map<TreeMap<String, Integer>, Rational> m = new HashMap<>();
            terms.forEach((monomial, c) -> m.put(monomial, c.negate()));
            return new Poly(m);
        }

        Poly multiply(Poly o) {
            if ((long) terms.size() * o.terms.size() > 50L * MAX_TERMS) {
                throw new Unverifiable("a product of " + terms.size() + " by " + o.terms.size() + " terms is too large to check");
            }
            Map<TreeMap<String, Integer>, Rational> m = new HashMap<>();
            for (Map.Entry<TreeMap<String, Integer>, Rational> a : terms.entrySet()) {
                for (Map.Entry<TreeMap<String, Integer>, Rational> b : o.terms.entrySet()) {
                    TreeMap<String, Integer> monomial = new TreeMap<>(a.getKey());
                    b.getKey().forEach((atom, e) -> monomial.merge(atom, e, Integer::sum));
                    Rational c = a.getValue().multiply(b.getValue());
                    Rational sum = m.containsKey(monomial) ? m.get(monomial).add(c) : c;
                    if (sum.isZero()) {
                        m.remove(monomial);
                    } else {
                        m.put(monomial, sum);
                    }
                }
            }
            if (m.size() > MAX_TERMS) {
                throw new Unverifiable("an intermediate polynomial of " + m.size() + " terms is too large to check");
            }
            return new Poly(m);
        }

        Poly pow(int n) {
            Poly result = constant(Rational.ONE);
            Poly base = this;
            int e = n;
            while (e > 0) {
                if ((e & 1) == 1) {
                    result = result.multiply(base);
                }
                e >>= 1;
                if (e > 0) {
                    base = base.multiply(base);
                }
            }
            return result;
        }
    }
}
