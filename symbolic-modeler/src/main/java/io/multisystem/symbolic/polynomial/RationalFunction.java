package io.multisystem.symbolic.polynomial;

import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.Rational;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;

import java.util.Objects;

/**
 * A quotient of polynomials in lowest terms: numerator and denominator coprime (their GCD is divided out on
 * construction) and the denominator monic in the canonical term order. That normal form is unique, so two rational
 * expressions are equal (as rational functions) exactly when their {@code RationalFunction}s are equal. Immutable.
 */
public final class RationalFunction {
    private final Polynomial numerator;
    private final Polynomial denominator;

    private RationalFunction(Polynomial numerator, Polynomial denominator) {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /**
     * {@code n / d} reduced to lowest terms.
     *
     * @throws io.multisystem.core.error.InvalidInputException DIVISION_BY_ZERO when d is zero
     */
    public static RationalFunction of(Polynomial n, Polynomial d) {
        if (d.isZero()) {
            throw InputErrors.invalid("DIVISION_BY_ZERO", "the denominator of (" + n + ")/(" + d + ") is zero");
        }
        if (n.isZero()) {
            return new RationalFunction(Polynomial.ZERO, Polynomial.ONE);
        }
        if (d.isConstant()) {
            return new RationalFunction(n.scale(d.constantValue().reciprocal()), Polynomial.ONE);
        }
        Polynomial g = Polynomials.gcd(n, d);
        Polynomial num = g.isConstant() ? n : n.divideExactly(g);
        Polynomial den = g.isConstant() ? d : d.divideExactly(g);
        Rational lc = den.leadingCoefficient();
        return new RationalFunction(num.scale(lc.reciprocal()), den.scale(lc.reciprocal()));
    }

    public static RationalFunction of(Polynomial p) {
        return new RationalFunction(p, Polynomial.ONE);
    }

    /**
     * The canonical rational function of an expression with + - * /, integer powers (negative allowed), numbers and
     * symbols; other function applications are opaque variables as in {@link Polynomials#fromTerm}.
     *
     * @throws io.multisystem.core.error.InvalidInputException DIVISION_BY_ZERO when a divisor is identically zero
     */
    public static RationalFunction fromTerm(Term term) {
        if (term instanceof Term.Num n) {
            return of(Polynomial.constant(n.value()));
        }
        if (term instanceof Term.Sym s) {
            return of(Polynomial.variable(s.name()));
        }
        Term.App app = (Term.App) term;
        switch (app.operator()) {
            case "+":
                return fromTerm(app.argument(0)).add(fromTerm(app.argument(1)));
            case "-":
                return fromTerm(app.argument(0)).subtract(fromTerm(app.argument(1)));
            case "*":
                return fromTerm(app.argument(0)).multiply(fromTerm(app.argument(1)));
            case "/": {
                RationalFunction d = fromTerm(app.argument(1));
                if (d.numerator.isZero()) {
                    throw InputErrors.invalid("DIVISION_BY_ZERO", "division by zero: " + SExpressions.print(app.argument(1))
                            + " is identically 0 in " + SExpressions.print(term));
                }
                return fromTerm(app.argument(0)).divide(d);
            }
            case "pow":
                if (app.arguments().size() == 2) {
                    int n = Polynomials.integerExponent(app.argument(1), term);
                    RationalFunction base = fromTerm(app.argument(0));
                    if (n < 0 && base.numerator.isZero()) {
                        throw InputErrors.invalid("DIVISION_BY_ZERO", "0 to a negative power in " + SExpressions.print(term));
                    }
                    return n >= 0 ? base.pow(n) : of(Polynomial.ONE).divide(base.pow(-n));
                }
                break;
            default:
                break;
        }
        return of(Polynomial.variable(SExpressions.print(Polynomials.atom(app))));
    }

    public Polynomial numerator() {
        return numerator;
    }

    public Polynomial denominator() {
        return denominator;
    }

    public boolean isPolynomial() {
        return denominator.equals(Polynomial.ONE);
    }

    public RationalFunction add(RationalFunction o) {
        if (denominator.equals(o.denominator)) {
            return of(numerator.add(o.numerator), denominator);
        }
        return of(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)), denominator.multiply(o.denominator));
    }

    public RationalFunction subtract(RationalFunction o) {
        return add(o.negate());
    }

    public RationalFunction negate() {
        return new RationalFunction(numerator.negate(), denominator);
    }

    public RationalFunction multiply(RationalFunction o) {
        return of(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    public RationalFunction divide(RationalFunction o) {
        if (o.numerator.isZero()) {
            throw InputErrors.invalid("DIVISION_BY_ZERO", "cannot divide (" + this + ") by zero");
        }
        return of(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    public RationalFunction pow(int n) {
        return new RationalFunction(numerator.pow(n), denominator.pow(n));
    }

    /** The canonical expression: the numerator's canonical term, over the denominator's when it is not 1. */
    public Term toTerm() {
        return isPolynomial() ? numerator.toTerm() : Term.app("/", numerator.toTerm(), denominator.toTerm());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RationalFunction r && numerator.equals(r.numerator) && denominator.equals(r.denominator);
    }

    @Override
    public int hashCode() {
        return Objects.hash(numerator, denominator);
    }

    @Override
    public String toString() {
        if (isPolynomial()) {
            return numerator.toString();
        }
        String n = numerator.termCount() > 1 ? "(" + numerator + ")" : numerator.toString();
        String d = denominator.termCount() > 1 || !denominator.isConstant() && denominator.toString().contains("*")
                ? "(" + denominator + ")" : denominator.toString();
        return n + "/" + d;
    }
}
