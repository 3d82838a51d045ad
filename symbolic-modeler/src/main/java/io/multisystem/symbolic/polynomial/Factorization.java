package io.multisystem.symbolic.polynomial;

import io.multisystem.symbolic.expr.Rational;
import io.multisystem.symbolic.expr.Term;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A polynomial written as {@code unit · Π factor^multiplicity}; factors are integer-primitive with a positive leading
 * coefficient, sorted canonically. {@code irreducible} says whether every factor is proven irreducible over Q (always
 * for univariate input; multivariate input is split by content and square-free decomposition only).
 */
public record Factorization(Rational unit, List<Factor> factors, boolean irreducible) {
    public Factorization {
        Objects.requireNonNull(unit, "unit");
        factors = List.copyOf(factors);
    }

    /** One factor and its multiplicity. */
    public record Factor(Polynomial polynomial, int multiplicity) {
    }

    /** The product, expanded again. */
    public Polynomial expand() {
        Polynomial p = Polynomial.constant(unit);
        for (Factor f : factors) {
            p = p.multiply(f.polynomial().pow(f.multiplicity()));
        }
        return p;
    }

    /** The factored expression, e.g. (* 2 (* (pow (+ x -1) 2) (+ x 1))). */
    public Term toTerm() {
        List<Term> parts = new ArrayList<>();
        if (!unit.equals(Rational.ONE) || factors.isEmpty()) {
            parts.add(Term.num(unit));
        }
        for (Factor f : factors) {
            Term t = f.polynomial().toTerm();
            parts.add(f.multiplicity() == 1 ? t : Term.app("pow", t, Term.num(f.multiplicity())));
        }
        Term result = parts.get(parts.size() - 1);
        for (int i = parts.size() - 2; i >= 0; i--) {
            result = Term.app("*", parts.get(i), result);
        }
        return result;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!unit.equals(Rational.ONE) || factors.isEmpty()) {
            sb.append(unit.isInteger() ? unit.toString() : "(" + unit + ")");
        }
        for (Factor f : factors) {
            if (sb.length() > 0) {
                sb.append('*');
            }
            String text = f.polynomial().toString();
            boolean wrap = f.polynomial().termCount() > 1 || f.multiplicity() > 1 && text.contains("*");
            sb.append(wrap ? "(" + text + ")" : text);
            if (f.multiplicity() > 1) {
                sb.append('^').append(f.multiplicity());
            }
        }
        return sb.toString();
    }
}
