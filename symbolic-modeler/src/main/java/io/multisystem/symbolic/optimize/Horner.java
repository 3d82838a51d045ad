package io.multisystem.symbolic.optimize;

import io.multisystem.symbolic.expr.Rational;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.polynomial.Polynomial;
import io.multisystem.symbolic.polynomial.PolynomialViews;

import java.util.Map;
import java.util.TreeMap;

/**
 * Horner form of a polynomial: {@code a_n x^n + ... + a_0} as {@code (...(a_n x^(n-m) + a_m) x^(m-k) + ...) x^k + a_0}
 * (gaps between present degrees become one power), which needs at most one multiplication and one addition per
 * present coefficient. Multivariate polynomials are treated recursively: univariate in the first variable with
 * coefficients in Horner form over the others.
 */
public final class Horner {
    private Horner() {
    }

    /** The Horner form, as a term equal (as a polynomial) to the input. */
    public static Term of(Polynomial p) {
        if (p.isConstant()) {
            return Term.num(p.constantValue());
        }
        String v = p.variables().get(0);
        TreeMap<Integer, Polynomial> coefficients = PolynomialViews.coefficientsIn(p, v);
        Term base = v.startsWith("(") ? io.multisystem.symbolic.expr.SExpressions.parse(v) : Term.sym(v);
        Term acc = null;
        int previous = -1;
        for (Map.Entry<Integer, Polynomial> e : coefficients.descendingMap().entrySet()) {
            Term c = of(e.getValue());
            if (acc == null) {
                acc = c;
            } else {
                acc = add(times(acc, power(base, previous - e.getKey())), c);
            }
            previous = e.getKey();
        }
        return previous == 0 ? acc : times(acc, power(base, previous));
    }

    private static Term power(Term base, int n) {
        return n == 1 ? base : Term.app("pow", base, Term.num(n));
    }

    private static Term times(Term a, Term b) {
        if (a instanceof Term.Num n && n.value().equals(Rational.ONE)) {
            return b;
        }
        return Term.app("*", a, b);
    }

    private static Term add(Term a, Term b) {
        if (b instanceof Term.Num n && n.value().signum() < 0) {
            return Term.app("-", a, Term.num(n.value().negate()));
        }
        return Term.app("+", a, b);
    }
}
